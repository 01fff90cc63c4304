package io.supplyshock.it;

import io.supplyshock.config.AppConfig;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.testing.RealStack;
import io.supplyshock.testing.RealStackExtension;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.tools.AppProcess;
import io.supplyshock.tools.ProcessingProgress;
import io.supplyshock.tools.TopicReader;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances of the app on this machine, the reference replay processed by all of them together:
 * every instance is asked for every key, and every instance gives the same answer, whichever holds the
 * key. Then one instance is SIGKILLed: until the group notices, its keys are answered from a standby copy
 * (marked as such) or refused with 503 and Retry-After, never with a wrong 404; after the rebalance every
 * survivor answers everything again.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutedQueriesIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    /**
     * Long enough that the queries right after the kill all run while the killed instance still owns its partitions:
     * they took 8 s while other guests of the host took a third of its CPU (2026-12-07), too close to 15 s.
     */
    private static final String SESSION_TIMEOUT_MS = "30000";

    private static final int INSTANCES = 3;

    private final List<AppProcess> instances = new ArrayList<>();
    /** Transactional producers of the fleet under exactly-once: one per stream thread. */
    private int producers;
    private final List<String> paths = new ArrayList<>();
    private final List<String> unknownPaths = List.of("/api/commodities/unobtainium", "/api/exposures/no-such-entity", "/api/exposed/unobtainium");

    @BeforeAll
    void startThreeInstances(RealStack stack) throws Exception {
        Path work = Files.createTempDirectory("supplyshock-routing-it");
        AppConfig config = stack.appConfig("supplyshock-routing-it", work)
                .with(AppConfig.SIGNAL_CLOCK.key(), "event-time")
                .with(AppConfig.NUM_STANDBY_REPLICAS.key(), "1");
        RealStack.createTopicsAndPublishSeedProfiles(config, work);
        Path jar = stack.projectRoot().resolve("tools/target/supplyshock.jar");
        assertThat(jar).as("the packaged app, which the test runs as three child processes").exists();
        producers = INSTANCES * config.getInt(AppConfig.NUM_STREAM_THREADS);
        for (int i = 0; i < INSTANCES; i++) {
            Map<String, String> env = new HashMap<>(AppProcess.freeHttpPort());
            env.put(AppConfig.STATE_DIR.envName(), work.resolve("state-" + i).toString());
            env.put(AppConfig.kafkaEnvName("session.timeout.ms"), SESSION_TIMEOUT_MS);
            instances.add(AppProcess.start(config, jar, "384m", AppProcess.SHORT_LIVED, work.resolve("app-" + i + ".log"), env));
        }
        for (AppProcess instance : instances) instance.awaitRunning(WAIT);

        new JsonlPublisher(config, JsonlPublisher.Options.defaults(), System.err).publish(ReferenceData.seedEventsFile());
        ProcessingProgress.waitUntilProcessed(config, WAIT, System.out);

        TreeSet<String> commodities = new TreeSet<>();
        for (ConsumerRecord<String, CommodityState> r : TopicReader.<CommodityState>readAll(config, Topics.COMMODITY_STATE, Duration.ofSeconds(20))) {
            commodities.add(r.key());
        }
        TreeSet<String> entities = new TreeSet<>();
        TreeSet<String> exposedCommodities = new TreeSet<>();
        for (ConsumerRecord<String, ExposureRow> r : TopicReader.<ExposureRow>readAll(config, Topics.EXPOSURES, Duration.ofSeconds(20))) {
            if (r.value() == null) continue;
            entities.add(Topics.entityOfExposureKey(r.key()));
            exposedCommodities.add(r.value().getCommodity());
        }
        commodities.forEach(c -> paths.add("/api/commodities/" + c));
        entities.forEach(e -> paths.add("/api/exposures/" + e));
        exposedCommodities.forEach(c -> paths.add("/api/exposed/" + c + "?limit=1000"));
        assertThat(commodities).as("commodities of the reference replay").hasSizeGreaterThan(40);
        assertThat(entities).as("exposed entities").hasSizeGreaterThan(20);
    }

    @AfterAll
    void stopInstances() throws InterruptedException {
        for (AppProcess instance : instances) instance.close();
    }

    @Test
    void everyInstanceAnswersEveryKeyAlikeThenStandbysCoverAKilledInstance() throws Exception {
        // 1. Three live instances: identical answers everywhere, most of them forwarded.
        Map<String, Answer> reference = new LinkedHashMap<>();
        Map<String, String> ownerOf = new HashMap<>();
        int forwarded = 0;
        for (String path : concat(paths, unknownPaths)) {
            for (AppProcess instance : instances) {
                HttpResponse<String> r = settled(instance, path);
                Answer answer = new Answer(r.statusCode(), r.body());
                Answer first = reference.putIfAbsent(path, answer);
                if (first != null) assertThat(answer).as(path + " from " + instance.log()).isEqualTo(first);
                String servedBy = r.headers().firstValue("X-Supplyshock-Served-By").orElse("");
                if (r.statusCode() == 200) {
                    assertThat(servedBy).as("who answered " + path).isNotEmpty().doesNotContain("standby");
                    ownerOf.putIfAbsent(path, servedBy);
                    assertThat(servedBy).as("one owner per key").isEqualTo(ownerOf.get(path));
                    if (!servedBy.endsWith(":" + instance.httpPort())) forwarded++;
                }
            }
        }
        for (String path : paths) assertThat(reference.get(path).status()).as(path).isEqualTo(200);
        for (String path : unknownPaths) assertThat(reference.get(path).status()).as(path).isEqualTo(404);
        assertThat(new TreeSet<>(ownerOf.values())).as("keys spread over the three instances").hasSize(3);
        // Each key is held by one of three instances, so two of every three answers were forwarded.
        assertThat(forwarded).isEqualTo(2 * paths.size());
        System.out.printf("%d keys, %d answers per instance, %d forwarded%n", paths.size(), paths.size() + unknownPaths.size(), forwarded);

        // 2. SIGKILL one instance: its keys are answered from a standby copy or refused with Retry-After, never wrongly.
        AppProcess killed = instances.getFirst();
        killed.kill();
        long killedAt = System.nanoTime();
        List<String> orphaned = paths.stream().filter(p -> ownerOf.get(p).endsWith(":" + killed.httpPort())).toList();
        assertThat(orphaned).isNotEmpty();
        int fromStandby = 0;
        for (String path : orphaned) {
            for (AppProcess survivor : instances.subList(1, 3)) {
                HttpResponse<String> r = survivor.get(path);
                if (r.statusCode() == 200) {
                    assertThat(r.body()).as(path).isEqualTo(reference.get(path).body());
                    if (r.headers().firstValue("X-Supplyshock-Served-By").orElse("").contains("standby")) {
                        // Caught up, but a changelog written in transactions ends with commit markers, which count as offsets:
                        // one per producer whose transaction was open at its last record. A store's own changelog has one
                        // producer; supply.exposures, read back as exposure-rows-store, has one per stream thread of the fleet.
                        assertThat(r.headers().firstValue("X-Supplyshock-Standby-Lag").map(Long::parseLong)).as("staleness of " + path)
                                .hasValueSatisfying(lag -> assertThat(lag).isBetween(0L, (long) producers));
                        fromStandby++;
                    }
                } else {
                    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                }
            }
        }
        assertThat(fromStandby).as("orphaned keys answered from a standby copy").isPositive();
        System.out.printf("after the kill: %d orphaned keys, %d answers from standbys, in %d ms%n", orphaned.size(), fromStandby,
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

        // 3. Once the group has moved the killed instance's tasks, both survivors answer everything as before.
        for (String path : concat(paths, unknownPaths)) {
            for (AppProcess survivor : instances.subList(1, 3)) {
                HttpResponse<String> r = settled(survivor, path);
                assertThat(new Answer(r.statusCode(), r.body())).as(path).isEqualTo(reference.get(path));
            }
        }
    }

    private record Answer(int status, String body) {
    }

    /** The answer once the instance can give one: 503 means "retry later" (a rebalance, a restore), so it is retried. */
    private static HttpResponse<String> settled(AppProcess instance, String path) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> r;
        do {
            r = instance.get(path);
            if (r.statusCode() != 503) return r;
            assertThat(r.headers().firstValue("Retry-After")).as("503 for " + path + " says when to retry").isPresent();
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " still 503 after " + WAIT.toSeconds() + " s: " + r.body());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
