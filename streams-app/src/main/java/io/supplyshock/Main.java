package io.supplyshock;

import io.supplyshock.config.AppConfig;
import io.supplyshock.evaluation.EvaluateCommand;
import io.supplyshock.profiles.ProfilePublisher;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.tools.AlertTail;
import io.supplyshock.tools.DemoSummary;
import io.supplyshock.tools.ProcessingProgress;

import java.time.Duration;
import java.util.Arrays;

/** Command-line entry point: the streams app and the tools that go with it share one jar. */
public final class Main {

    private static final String USAGE = """
            usage: java -jar supplyshock.jar COMMAND [ARGS]

            commands:
              run                               run the streams application (HTTP on http.host:http.port)
              create-topics                     create the pipeline's topics if missing
              publish FILE.jsonl [options]      publish news-derived events (reference JSON Lines format)
                                                options: --rejects FILE [--rejects-format jsonl|csv] --dry-run
                                                         --keep-file-order --batch-size N
              convert-entities SEED.jsonl --out FILE.jsonl
                                                derive default exposure profiles from seed entities
              publish-profiles FILE.(jsonl|csv) [--rejects FILE] [--dry-run]
                                                publish exposure profiles
              publish-commodity-profiles FILE.(jsonl|csv) [--rejects FILE] [--dry-run]
                                                publish curated commodity supply profiles
              publish-baseline [FOLDER...] [--no-default] [--dry-run]
                                                publish the world-supply baseline (shipped, plus your folders)
              evaluate EVENTS.jsonl LABELS.csv  replay a file through the topology in-process and score its alerts
                                                against analyst labels (see README, "Evaluation")
              bench [--events N] [--profiles N] [--rates R1,R2] ...
                                                benchmark harness on the configured cluster (scripts/bench.sh)
              chaos --phase reference|disturbed --snapshot FILE [--kills K] ...
                                                crash and outage comparison (scripts/chaos.sh)
              wait-processed [SECONDS]          wait until the app has consumed all its input (default 180 s)
              summary [TOP_N]                   print alerts by severity and the most exposed entities
              tail-alerts [--json] [--from-beginning] [--max N] [--idle-exit S]
                                                print alerts as they arrive, decoded through the registry
              config                            print every setting, its environment variable and value
                                                (and the Kafka client settings; credentials masked)

            Settings come from defaults, SUPPLYSHOCK_CONFIG_FILE, SUPPLYSHOCK_* environment variables and
            -Dsupplyshock.* system properties; run 'config' to see them. SUPPLYSHOCK_LOG_FORMAT=json logs
            one JSON object per line, SUPPLYSHOCK_LOG_LEVEL sets the level.
            """;

    private Main() {
    }

    /**
     * Logback reads its configuration once, when the first logger is made, so the format is chosen
     * here before anything logs. An explicit -Dlogback.configurationFile wins.
     */
    static void selectLogFormat(String format) {
        if (format == null || format.isBlank() || format.equalsIgnoreCase("text")) return;
        if (!format.equalsIgnoreCase("json")) {
            System.err.println("error: SUPPLYSHOCK_LOG_FORMAT must be 'text' or 'json', got '" + format + "'");
            System.exit(2);
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
    }

    /** The evaluation prints a report on stdout; the in-process pipeline's per-alert log lines would bury it. */
    private static void quietLogsUnlessAsked() {
        if (System.getenv("SUPPLYSHOCK_LOG_LEVEL") == null) System.setProperty("SUPPLYSHOCK_LOG_LEVEL", "WARN");
        if (System.getenv("SUPPLYSHOCK_KAFKA_LOG_LEVEL") == null) System.setProperty("SUPPLYSHOCK_KAFKA_LOG_LEVEL", "ERROR");
    }

    public static void main(String[] args) throws Exception {
        selectLogFormat(System.getenv("SUPPLYSHOCK_LOG_FORMAT"));
        if (args.length > 0 && args[0].equals("evaluate")) {
            quietLogsUnlessAsked();
        }
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int code = switch (args[0]) {
            case "run" -> {
                StreamsApp.runUntilStopped(config);
                yield 0;
            }
            case "create-topics" -> TopicAdmin.createTopics(config, System.out);
            case "publish" -> JsonlPublisher.runCli(rest, config, System.out, System.err);
            case "convert-entities" -> ProfilePublisher.runConvertCli(rest, System.out, System.err);
            case "publish-profiles" -> ProfilePublisher.runPublishCli(rest, config, System.out, System.err);
            case "publish-baseline" -> ProfilePublisher.runPublishBaselineCli(rest, config, System.out, System.err);
            case "publish-commodity-profiles" -> ProfilePublisher.runPublishCommodityProfilesCli(rest, config, System.out, System.err);
            case "bench" -> io.supplyshock.bench.Bench.runCli(rest, config, System.out, System.err);
            case "chaos" -> io.supplyshock.reliability.ChaosCommand.runCli(rest, config, System.out, System.err);
            case "evaluate" -> EvaluateCommand.run(rest, config, System.out, System.err);
            case "wait-processed" -> ProcessingProgress.waitUntilProcessed(config,
                    Duration.ofSeconds(rest.length > 0 ? Long.parseLong(rest[0]) : 180), System.out);
            case "tail-alerts" -> AlertTail.runCli(rest, config, System.out, System.err);
            case "summary" -> DemoSummary.print(config, rest.length > 0 ? Integer.parseInt(rest[0]) : 10, System.out);
            case "config" -> {
                AppConfig.SETTINGS.forEach(s -> System.out.printf("%-30s %-42s %s%n    %s%n", s.key(), s.envName(),
                        io.supplyshock.config.Secrets.mask(s.key(), config.get(s)), s.doc()));
                // Kafka client settings (SUPPLYSHOCK_KAFKA_CONFIG_*), credentials masked.
                io.supplyshock.config.Secrets.masked(config.kafkaOverrides()).forEach((k, v) -> System.out.printf("kafka.%-24s %-42s %s%n", k,
                        AppConfig.KAFKA_ENV_PREFIX + k.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), v));
                yield 0;
            }
            default -> {
                System.err.println("unknown command '" + args[0] + "'\n");
                System.err.print(USAGE);
                yield 2;
            }
        };
        System.exit(code);
    }
}
