package io.supplyshock.it;

import io.supplyshock.StreamsApp;
import io.supplyshock.TopicAdmin;
import io.supplyshock.config.AppConfig;
import io.supplyshock.testing.PrometheusText;
import io.supplyshock.testing.AppHttp;
import io.supplyshock.testing.Await;
import io.supplyshock.testing.RealStack;
import io.supplyshock.testing.RealStackExtension;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.publish.PublishReport;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.Provenance;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.testing.RegistryGate;
import io.supplyshock.testing.SchemaVersions;
import io.supplyshock.tools.AlertTail;
import io.supplyshock.tools.ProcessingProgress;
import io.supplyshock.tools.TopicReader;
import io.supplyshock.topics.RegistryClients;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry that accepts connections and never answers (or sends headers and never the body) stalls the
 * stream thread that needs a schema from it. On the real stack: /health answers 503 naming the thread, its
 * partitions and lag within {@code health.stall.seconds}, the publisher and tail-alerts fail their calls
 * with the registry's URL, and once the real registry answers again every record is processed and none is
 * dead-lettered.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryStallIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int STALL_SECONDS = 8;
    private static final int REQUEST_TIMEOUT_MS = 2_000;
    private static final Instant T = Instant.parse("2025-10-09T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private AppConfig config;
    private AppConfig direct;
    private RegistryGate gate;
    private StreamsApp app;

    @BeforeAll
    void start(RealStack stack) throws Exception {
        Path work = Files.createTempDirectory("supplyshock-stall-it");
        direct = stack.appConfig("supplyshock-stall-it", work);
        // The app reaches the registry through a gate the test can turn into a silent stand-in.
        gate = new RegistryGate(RegistryGate.Mode.FORWARD, URI.create(stack.registryUrl()).getPort());
        config = direct
                .with(AppConfig.REGISTRY_URL.key(), gate.url())
                .with(AppConfig.REGISTRY_REQUEST_TIMEOUT_MS.key(), String.valueOf(REQUEST_TIMEOUT_MS))
                .with(AppConfig.REGISTRY_ATTEMPTS.key(), "2")
                .with(AppConfig.HEALTH_STALL_SECONDS.key(), String.valueOf(STALL_SECONDS));
        assertThat(TopicAdmin.createTopics(config, System.out)).isZero();
        app = new StreamsApp(config).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) app.close();
        if (gate != null) gate.close();
    }

    @ParameterizedTest
    @EnumSource(value = RegistryGate.Mode.class, names = {"NEVER_ANSWERS", "HEADERS_WITHOUT_BODY"})
    void aSilentRegistryIsReportedAsAStallAndNothingIsLostWhenItAnswersAgain(RegistryGate.Mode silence) throws Exception {
        String commodity = "stall_" + silence.name().toLowerCase(java.util.Locale.ROOT);
        await(() -> get("/health").statusCode() == 200 ? true : null, "a healthy app");
        try (KafkaProducer<String, Object> producer = directProducer()) {
            send(producer, policy(commodity, commodity + "-before"));
            await(() -> eventCount(commodity) == 1 ? true : null, "the record sent before the stall processed");

            gate.set(silence);
            // A schema version the app has not seen: reading it needs the registry.
            Schema unseen = SchemaVersions.withField(PolicyEvent.getClassSchema(), "probe_" + silence.ordinal(), "[\"null\", \"string\"]", "null");
            send(producer, SchemaVersions.asVersion(policy(commodity, commodity + "-unseen"), unseen));
            send(producer, policy(commodity, commodity + "-behind"));
            long start = System.nanoTime();

            HttpResponse<String> stalled = await(() -> {
                HttpResponse<String> r = get("/health");
                return r.statusCode() == 503 && r.body().contains("\"stalled\"") ? r : null;
            }, "/health reporting the stalled thread");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("reported within the stall limit and a check period").isLessThan(Duration.ofSeconds(STALL_SECONDS + 15));
            JsonNode body = JSON.readTree(stalled.body());
            JsonNode thread = body.get("stalled").get(0);
            assertThat(thread.get("thread").asText()).contains("StreamThread");
            assertThat(thread.get("lag").asLong()).isPositive();
            assertThat(thread.get("stalledSeconds").asLong()).isGreaterThanOrEqualTo(STALL_SECONDS);
            assertThat(thread.get("lagByPartition").fieldNames()).toIterable().anyMatch(p -> p.startsWith(Topics.POLICY_EVENTS));
            assertThat(body.get("reason").asText()).contains("stalled:");
            assertThat(PrometheusText.parse(get("/metrics").body()).sum("supplyshock_stream_stalled_threads")).isGreaterThanOrEqualTo(1.0);

            // The publisher and tail-alerts meet the same silence and say so within their timeouts.
            long publishStart = System.nanoTime();
            PublishReport report = new JsonlPublisher(config, JsonlPublisher.Options.defaults(), System.err).publish(ReferenceData.seedEventsFile());
            assertThat(report.fatalError()).contains("cannot reach the schema registry at " + gate.url(), "gave no complete answer");
            assertThat(Duration.ofNanos(System.nanoTime() - publishStart)).isLessThan(Duration.ofSeconds(30));
            ByteArrayOutputStream tailOut = new ByteArrayOutputStream();
            ByteArrayOutputStream tailErr = new ByteArrayOutputStream();
            var tail = java.util.concurrent.CompletableFuture.supplyAsync(() -> AlertTail.follow(config,
                    new AlertTail.Options(false, true, 1, Duration.ofSeconds(90)), new PrintStream(tailOut, true), new PrintStream(tailErr, true)));
            await(() -> tailErr.toString().contains("waiting for the schema registry") ? true : null, "tail-alerts naming the registry fault");
            assertThat(tailErr.toString()).contains(gate.url(), "gave no complete answer");
            assertThat(gate.stalledRequests()).isPositive();

            gate.set(RegistryGate.Mode.FORWARD);
            await(() -> get("/health").statusCode() == 200 ? true : null, "health back to 200 once the registry answers");
            await(() -> eventCount(commodity) == 3 ? true : null, "every record sent before and during the stall processed");
            assertThat(tail.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isZero();
            assertThat(tailOut.toString()).isNotBlank();
        }
        assertThat(ProcessingProgress.waitUntilProcessed(direct, WAIT, System.out)).isZero();
        assertThat(TopicReader.<DeadLetter>readAll(direct, Topics.DEAD_LETTERS, Duration.ofSeconds(20)))
                .as("dead letters").noneMatch(r -> r.value().getEventId() != null && r.value().getEventId().startsWith(commodity));
    }

    private HttpResponse<String> get(String path) {
        return AppHttp.get(app.httpPort(), path);
    }

    private KafkaProducer<String, Object> directProducer() {
        Map<String, Object> props = new HashMap<>(direct.clientConfig());
        props.put("acks", "all");
        return new KafkaProducer<>(props, new StringSerializer(), RegistryClients.serializer(direct));
    }

    private static void send(KafkaProducer<String, Object> producer, Object value) throws Exception {
        String commodity = value instanceof PolicyEvent p ? p.getCommodity() : String.valueOf(((GenericRecord) value).get("commodity"));
        producer.send(new ProducerRecord<>(Topics.POLICY_EVENTS, commodity, value)).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static PolicyEvent policy(String commodity, String id) {
        PolicyEvent e1 = ReferenceData.policy("e1");
        return PolicyEvent.newBuilder(e1).setEventId(id).setCommodity(commodity).setEventTime(T)
                .setProvenance(Provenance.newBuilder(e1.getProvenance()).setGroup(id).build()).build();
    }

    private long eventCount(String commodity) {
        long count = 0;
        for (var r : TopicReader.<CommodityState>readAll(direct, Topics.COMMODITY_STATE, Duration.ofSeconds(20))) {
            if (r.key().equals(commodity)) count = r.value().getEventCount();
        }
        return count;
    }

    private <T> T await(Supplier<T> probe, String what) throws InterruptedException {
        return Await.until(WAIT, Duration.ofMillis(500), what, probe);
    }
}
