package io.supplyshock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supplyshock.StreamsApp;
import io.supplyshock.config.AppConfig;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.testing.RealStack;
import io.supplyshock.testing.RealStackExtension;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.tools.ProcessingProgress;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What-if on the real stack, after the reference replay: a hypothetical ban is scored with a band, and nothing is
 * published or changed: the end offset of every topic (inputs, outputs, changelogs, repartitions) and the answers of
 * the queried stores are the same before and after.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhatIfIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final long ADMIN_TIMEOUT_S = 30;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BAN = """
            {"id":"what-if-it-1","kind":"policy","subtype":"export_ban","issuer_country":"CD","target_country":null,"commodity":"cobalt",\
            "announced_date":"2026-03-02","effective_date":"2026-03-02","english":"DRC bans every cobalt export to every destination",\
            "group":"WHAT_IF_IT"}""";

    private AppConfig config;
    private StreamsApp app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startPipeline(RealStack stack) throws Exception {
        Path work = Files.createTempDirectory("supplyshock-what-if-it");
        config = stack.appConfig("supplyshock-what-if-it", work).with(AppConfig.SIGNAL_CLOCK.key(), "event-time");
        RealStack.createTopicsAndPublishSeedProfiles(config, work);
        app = new StreamsApp(config).start();
        new JsonlPublisher(config, JsonlPublisher.Options.defaults(), System.err).publish(ReferenceData.seedEventsFile());
        assertThat(ProcessingProgress.waitUntilProcessed(config, WAIT, System.out)).as("records still in flight after the replay").isZero();
    }

    @AfterAll
    void stopPipeline() {
        if (app != null) app.close();
    }

    @Test
    void aHypotheticalBanIsScoredAndLeavesEveryTopicAndStoreAsItWas() throws Exception {
        List<String> queried = List.of("/api/commodities/cobalt", "/api/exposed/cobalt?limit=1000");
        Map<String, Long> offsetsBefore = settledEndOffsets();
        Map<String, String> storesBefore = answers(queried);

        HttpResponse<String> r = await(() -> {
            HttpResponse<String> answer = post("/api/what-if", "{\"events\":[" + BAN + "]}");
            return answer.statusCode() == 503 ? null : answer;
        }, "a what-if answer");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(r.body()).path("results").get(0);
        assertThat(result.path("eventId").asText()).isEqualTo("what-if-it-1");
        assertThat(result.path("commodity").asText()).isEqualTo("cobalt");
        JsonNode shock = result.path("shocks").get(0);
        assertThat(shock.path("score").asInt()).as(r.body()).isPositive();
        assertThat(shock.path("severity").asText()).as("the DRC mines about three quarters of the world's cobalt").isIn("HIGH", "CRITICAL");
        assertThat(result.path("reason").asText()).isNotBlank();
        assertThat(result.path("exposure").path("count").asInt()).isPositive();

        String entity = result.path("exposure").path("top").get(0).path("entityId").asText();
        List<String> withEntity = List.of(queried.get(0), queried.get(1), "/api/exposures/" + entity);
        Map<String, String> storesAfter = answers(withEntity);
        assertThat(storesAfter.entrySet()).containsAll(storesBefore.entrySet());
        assertThat(settledEndOffsets()).as("no topic written by the what-if").isEqualTo(offsetsBefore);

        // Asked twice, the same answer: the first left nothing behind that the second would see.
        HttpResponse<String> again = post("/api/what-if", "{\"events\":[" + BAN + "]}");
        assertThat(JSON.readTree(again.body()).path("results").get(0).path("reason").asText()).isEqualTo(result.path("reason").asText());
        assertThat(answers(withEntity)).isEqualTo(storesAfter);
        assertThat(settledEndOffsets()).isEqualTo(offsetsBefore);
    }

    /** The end offsets of every topic but the broker's and registry's own, once two reads a few seconds apart agree. */
    private Map<String, Long> settledEndOffsets() throws Exception {
        Map<String, Long> previous = endOffsets();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(3000);
            Map<String, Long> now = endOffsets();
            if (now.equals(previous)) return now;
            previous = now;
        }
        throw new AssertionError("topic end offsets still moving after " + WAIT.toSeconds() + " s");
    }

    private Map<String, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(config.clientConfig())) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(false).timeoutMs((int) TimeUnit.SECONDS.toMillis(ADMIN_TIMEOUT_S)))
                    .names().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS).stream().filter(t -> !t.startsWith("_")).collect(Collectors.toSet());
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<String, Long> offsets = new TreeMap<>();
            admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS)
                    .forEach((tp, info) -> offsets.put(tp.toString(), info.offset()));
            assertThat(offsets.keySet()).as("the app's changelogs and repartitions are listed")
                    .anyMatch(t -> t.startsWith("supplyshock-what-if-it-") && t.contains("-changelog-"))
                    .anyMatch(t -> t.startsWith("supplyshock-what-if-it-") && t.contains("-repartition-"));
            return offsets;
        }
    }

    private Map<String, String> answers(List<String> paths) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : paths) {
            HttpResponse<String> r = await(() -> {
                HttpResponse<String> answer = get(path);
                return answer.statusCode() == 503 ? null : answer;
            }, path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            out.put(path, r.body());
        }
        return out;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + config.get(AppConfig.HTTP_PORT) + path);
    }

    private interface Attempt<T> {
        T get() throws Exception;
    }

    private static <T> T await(Attempt<T> attempt, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T value = attempt.get();
            if (value != null) return value;
            Thread.sleep(500);
        }
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s");
    }
}
