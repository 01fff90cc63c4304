package io.supplyshock.harness;

import io.supplyshock.Main;
import io.supplyshock.cli.Cli;
import io.supplyshock.config.AppConfig;
import picocli.CommandLine;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Entry point of the harness jar ({@code harness/target/supplyshock-harness.jar}): every command of the
 * jar users run, plus {@code bench}, {@code bench-summary}, {@code chaos}, {@code evaluate} and {@code console-screenshots}. They live apart because they
 * start stacks, kill processes, replay files through TopologyTestDriver and drive a browser: nothing a deployment needs.
 */
public final class HarnessMain {

    private HarnessMain() {
    }

    /** The tools' command line with the harness commands added, same exit statuses. */
    public static CommandLine commandLine(Supplier<AppConfig> config, PrintStream out, PrintStream err) {
        return Cli.commandLine(config, out, err, new EvaluateCommand(), new BenchCommand(), new BenchSummaryCommand(), new ChaosCommand(), new ScreenshotsCommand());
    }

    /** The evaluation prints a report on stdout; the in-process pipeline's per-alert log lines would bury it. */
    private static void quietLogsUnlessAsked() {
        if (System.getenv("SUPPLYSHOCK_LOG_LEVEL") == null) System.setProperty("SUPPLYSHOCK_LOG_LEVEL", "WARN");
        if (System.getenv("SUPPLYSHOCK_KAFKA_LOG_LEVEL") == null) System.setProperty("SUPPLYSHOCK_KAFKA_LOG_LEVEL", "ERROR");
    }

    public static void main(String[] args) {
        Main.quietLibraryNotices();
        Main.selectLogFormat(System.getenv("SUPPLYSHOCK_LOG_FORMAT"));
        if (args.length > 0 && args[0].equals("evaluate")) {
            quietLogsUnlessAsked();
        }
        System.exit(commandLine(AppConfig::fromEnvironment, System.out, System.err).execute(args));
    }
}
