package io.supplyshock.reliability;

import io.supplyshock.topics.RegistryClients;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.supplyshock.TopicAdmin;
import io.supplyshock.bench.SyntheticLoad;
import io.supplyshock.config.AppConfig;
import io.supplyshock.tools.AppProcess;
import io.supplyshock.tools.Directories;
import io.supplyshock.tools.ProcessingProgress;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.SplittableRandom;

/**
 * Runs the streams app as a child JVM over a fixed synthetic input and disturbs it: SIGKILLs at random
 * points while it works, a restart from an empty state directory, a broker restart, a registry outage.
 * The outputs it committed are then compared with a clean run of the same input ({@link OutputSnapshot}).
 * Deadline milestones follow event time in both runs ({@code signals.clock=event-time}); on the wall
 * clock two runs would fire them at different moments and could not be compared.
 */
public final class ChaosRun {

    /** Starts and stops the broker or the registry of the stack the run uses. */
    public interface StackControl {
        void stop(String component) throws Exception;

        void start() throws Exception;
    }

    /**
     * @param failover the last part of the run uses two instances with one standby replica each; one is
     *                 SIGKILLed while both work and the other takes its tasks over
     */
    public record Disturbances(int kills, boolean wipeStateOnce, boolean restartBroker, Duration registryOutage, boolean failover) {
        public static Disturbances none() {
            return new Disturbances(0, false, false, Duration.ZERO, false);
        }
    }

    /** What happened to a run and how long the app took to come back each time. */
    public record Report(int events, int kills, int killsMidStream, int stateWipes, boolean brokerRestarted, Duration registryOutage,
                         List<Duration> recoveries, Duration wall) {
        public String summary() {
            long maxRecovery = recoveries.stream().mapToLong(Duration::toMillis).max().orElse(0);
            return String.format(Locale.ROOT, "%d events, %d SIGKILLs (%d while behind), %d start(s) from an empty state dir, broker restart %s, "
                            + "registry outage %d s, slowest restart to RUNNING %.1f s, %.0f s in all",
                    events, kills, killsMidStream, stateWipes, brokerRestarted ? "yes" : "no", registryOutage.toSeconds(),
                    maxRecovery / 1000.0, wall.toMillis() / 1000.0);
        }
    }

    public static final Instant FIRST_EVENT = Instant.parse("2026-03-01T00:00:00Z");

    private final AppConfig config;
    private final Path jar;
    private final Path workDir;
    private final PrintStream out;
    private final StackControl stack;
    private static final Duration STARTUP = Duration.ofSeconds(180);

    /** @param config the app's settings; its clock is pinned to event time here */
    public ChaosRun(AppConfig config, Path jar, Path workDir, PrintStream out, StackControl stack) {
        this.config = config.with(AppConfig.SIGNAL_CLOCK.key(), "event-time");
        this.jar = jar;
        this.workDir = workDir;
        this.out = out;
        this.stack = stack;
    }

    public AppConfig config() {
        return config;
    }

    /** Exposure profiles per commodity in the input, so that the exposure table is compared too. */
    public static final int PROFILES_PER_COMMODITY = 10;

    /**
     * The same input for the same seed: 2,000 exposure profiles (10 on each of 200 commodities), then the
     * events over those commodities and 40 countries, one second apart in event time.
     */
    public void publish(int events, long seed) throws Exception {
        if (TopicAdmin.createTopics(config, new PrintStream(OutputStream.nullOutputStream())) != 0) {
            throw new IllegalStateException("create-topics failed");
        }
        // 2% undated shares: facts that arrive after the events whose scores they change.
        SyntheticLoad load = new SyntheticLoad(200, 40, 0.3, 0.05, 0.02, seed);
        Map<String, Object> props = new HashMap<>(config.clientConfig());
        props.put("acks", "all");
        props.put("enable.idempotence", true);
        AvroKafkaSerializer<SpecificRecord> values = RegistryClients.serializer(config);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>(events + 200 * PROFILES_PER_COMMODITY);
            for (int c = 0; c < 200; c++) {
                for (int i = 0; i < PROFILES_PER_COMMODITY; i++) {
                    var profile = SyntheticLoad.profile(SyntheticLoad.commodity(c), i, PROFILES_PER_COMMODITY);
                    sends.add(producer.send(new ProducerRecord<>(io.supplyshock.topics.Topics.EXPOSURE_PROFILES, null, FIRST_EVENT.toEpochMilli() - 1,
                            profile.getProfileId(), profile)));
                }
            }
            for (int i = 0; i < events; i++) {
                Instant at = FIRST_EVENT.plusSeconds(i);
                SyntheticLoad.Event e = load.next(at);
                sends.add(producer.send(new ProducerRecord<>(e.topic(), null, at.toEpochMilli(), e.key(), e.value())));
            }
            producer.flush();
            // A refused send would make the two runs' inputs differ: the broker refuses a whole batch when one of
            // its records is dated over an hour ahead (log.message.timestamp.after.max.ms), for instance.
            int failed = 0;
            Exception first = null;
            for (var send : sends) {
                try {
                    send.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    if (first == null) first = e;
                }
            }
            if (failed > 0) throw new IllegalStateException(failed + " of " + sends.size() + " profiles and events were not published: " + first.getCause(), first);
        }
    }

    /**
     * Runs the app until it has processed everything, disturbing it on the way, then stops it cleanly.
     * Kills come 1 to 4 s after the app reports RUNNING (it has then restored and works through its backlog).
     */
    public Report run(int events, Disturbances disturbances, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        long t0 = System.nanoTime();
        List<Duration> recoveries = new ArrayList<>();
        int killsMidStream = 0, wipes = 0;
        for (int k = 0; k < disturbances.kills(); k++) {
            AppProcess app = startApp("run-" + k, Map.of());
            recoveries.add(app.awaitRunning(STARTUP));
            Thread.sleep(1000 + random.nextInt(3000));
            if (behind()) killsMidStream++;
            app.kill();
            out.printf(Locale.ROOT, "  SIGKILL %d of %d%n", k + 1, disturbances.kills());
            if (disturbances.wipeStateOnce() && k == disturbances.kills() - 1) {
                Directories.deleteTree(Path.of(config.get(AppConfig.STATE_DIR)));
                wipes++;
                out.println("  state directory deleted: the next start restores every store from its changelog");
            }
        }
        AppProcess app = startApp("final", Map.of());
        recoveries.add(app.awaitRunning(STARTUP));
        AppProcess second = null;
        try {
            if (disturbances.failover()) {
                second = startApp("second", AppProcess.merged(AppProcess.freeHttpPort(),
                        Map.of(AppConfig.STATE_DIR.envName(), config.get(AppConfig.STATE_DIR) + "-second")));
                second.awaitRunning(STARTUP);
                Thread.sleep(2000);
                if (behind()) killsMidStream++;
                app.kill();
                out.println("  SIGKILL of the first of two instances: the second takes its tasks over");
                app = second;
            }
            if (disturbances.restartBroker()) {
                Thread.sleep(1500);
                out.println("  stopping the broker");
                stack.stop("kafka");
                Thread.sleep(3000);
                stack.start();
                out.println("  broker back");
            }
            if (!disturbances.registryOutage().isZero()) {
                out.println("  stopping the registry for " + disturbances.registryOutage().toSeconds() + " s");
                stack.stop("registry");
                Thread.sleep(disturbances.registryOutage().toMillis());
                stack.start();
                out.println("  registry back");
            }
            if (ProcessingProgress.waitUntilProcessed(config, Duration.ofSeconds(600), new PrintStream(OutputStream.nullOutputStream())) != 0) {
                throw new IllegalStateException("the app did not catch up within 600 s; see " + app.log());
            }
            if (!app.isAlive()) throw new IllegalStateException("the app exited; see " + app.log());
        } finally {
            app.close();
            if (second != null) second.close();
        }
        return new Report(events, disturbances.kills() + (disturbances.failover() ? 1 : 0), killsMidStream, wipes, disturbances.restartBroker(), disturbances.registryOutage(),
                recoveries, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** The interactive queries answered alike before a restart, after a clean restart and after a start from an empty state dir. */
    public record RestoreCheck(int queries, List<String> differingAfterRestart, List<String> differingAfterWipe,
                               Duration restartToRunning, Duration wipeToRunning) {
        public String summary() {
            return String.format(Locale.ROOT, "%d HTTP queries: %d answers differ after a clean restart (RUNNING in %.1f s), "
                            + "%d after a start from an empty state dir (RUNNING in %.1f s)", queries, differingAfterRestart.size(),
                    restartToRunning.toMillis() / 1000.0, differingAfterWipe.size(), wipeToRunning.toMillis() / 1000.0);
        }
    }

    /**
     * Asks the app for every commodity's state and every entity's exposure rows, stops it cleanly and
     * asks again after a restart, then again after deleting its state directory (every store restored from
     * its changelog). Run after {@link #run}, on the data it processed.
     */
    public RestoreCheck verifyRestore(List<String> commodities, List<String> entities) throws Exception {
        List<String> paths = new ArrayList<>();
        commodities.forEach(c -> paths.add("/api/commodities/" + c));
        entities.forEach(e -> paths.add("/api/exposures/" + e));
        Map<String, String> before;
        try (AppProcess app = startApp("restore-before", Map.of())) {
            app.awaitRunning(STARTUP);
            before = query(app, paths);
        }
        Duration restart;
        Map<String, String> afterRestart;
        try (AppProcess app = startApp("restore-restart", Map.of())) {
            restart = app.awaitRunning(STARTUP);
            afterRestart = query(app, paths);
        }
        Directories.deleteTree(Path.of(config.get(AppConfig.STATE_DIR)));
        Duration wiped;
        Map<String, String> afterWipe;
        try (AppProcess app = startApp("restore-wiped", Map.of())) {
            wiped = app.awaitRunning(STARTUP);
            afterWipe = query(app, paths);
        }
        return new RestoreCheck(paths.size(), differing(before, afterRestart), differing(before, afterWipe), restart, wiped);
    }

    private static List<String> differing(Map<String, String> a, Map<String, String> b) {
        return a.keySet().stream().filter(k -> !a.get(k).equals(b.get(k))).sorted().toList();
    }

    /** Status and body of each path; a 503 (rebalancing) is asked again. */
    private static Map<String, String> query(AppProcess app, List<String> paths) throws Exception {
        Map<String, String> answers = new java.util.TreeMap<>();
        for (String path : paths) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            HttpResponse<String> r;
            do {
                r = app.get(path);
                if (r.statusCode() != 503) break;
                Thread.sleep(200);
            } while (System.nanoTime() < deadline);
            answers.put(path, r.statusCode() + " " + r.body());
        }
        return answers;
    }

    /** True while the app's group has not committed up to the end of its inputs. */
    private boolean behind() {
        try {
            return ProcessingProgress.lag(config) > 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Every instance gets a standby replica of each task and a short session, so a failover measures the handover, not the timeout. */
    private AppProcess startApp(String name, Map<String, String> overrides) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put(AppConfig.NUM_STANDBY_REPLICAS.envName(), "1");
        env.put(AppConfig.kafkaEnvName("session.timeout.ms"), "10000");
        env.putAll(overrides);
        return AppProcess.start(config, jar, "512m", AppProcess.SHORT_LIVED, workDir.resolve("app-" + name + ".log"), env);
    }

    /** Stops and starts components through scripts/stack.sh, with the environment chaos.sh set up. */
    public static StackControl scriptControl(String script) {
        return new StackControl() {
            @Override
            public void stop(String component) throws Exception {
                run("stop", component);
            }

            @Override
            public void start() throws Exception {
                run("start");
            }

            private void run(String... command) throws Exception {
                if (script == null) throw new IllegalStateException("--stack-script is needed to stop and start the stack");
                String[] cmd = new String[command.length + 2];
                cmd[0] = "bash";
                cmd[1] = script;
                System.arraycopy(command, 0, cmd, 2, command.length);
                Process p = new ProcessBuilder(cmd).inheritIO().start();
                if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed");
            }
        };
    }
}
