package io.supplyshock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.supplyshock.StreamsApp;
import io.supplyshock.TopicAdmin;
import io.supplyshock.config.AppConfig;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Provenance;
import io.supplyshock.testing.Await;
import io.supplyshock.testing.RealStack;
import io.supplyshock.testing.RealStackExtension;
import io.supplyshock.testing.ReferenceData;
import static io.supplyshock.testing.SchemaVersions.asVersion;
import static io.supplyshock.testing.SchemaVersions.withField;
import static io.supplyshock.testing.SchemaVersions.without;
import io.supplyshock.tools.ProcessingProgress;
import io.supplyshock.tools.TopicReader;
import io.supplyshock.topics.Topics;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input at the Kafka level and schema evolution, on the real broker and registry with the app running.
 * Each test uses commodities of its own, so the tests do not depend on each other or on their order.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestRobustnessIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static boolean pointsAt(DeadLetter d, RecordMetadata meta) {
        return d.getSourceTopic().equals(meta.topic()) && d.getSourcePartition() == meta.partition() && d.getSourceOffset() == meta.offset();
    }
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    private RealStack stack;
    private AppConfig config;
    private StreamsApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startApp(RealStack stack) throws Exception {
        this.stack = stack;
        config = stack.appConfig("supplyshock-robust-it", Files.createTempDirectory("supplyshock-robust-it"));
        assertThat(TopicAdmin.createTopics(config, System.out)).isZero();
        app = new StreamsApp(config).start();
    }

    @AfterAll
    void stopApp() {
        if (app != null) app.close();
    }

    @Test
    void everyKindOfBadRecordIsDeadLetteredWithItsCoordinatesAndTheCountsAddUp() throws Exception {
        String commodity = "robust_bad_input";
        byte[] validPolicy = serialize(Topics.POLICY_EVENTS, policy(commodity, "robust-ok-1"));
        Map<String, byte[]> good = new LinkedHashMap<>();
        good.put(Topics.POLICY_EVENTS + " ok-1", validPolicy);
        good.put(Topics.MARKET_EVENTS + " ok-2", serialize(Topics.MARKET_EVENTS, MarketEvent.newBuilder(ReferenceData.market("e3"))
                .setEventId("robust-ok-2").setCommodity(commodity).setEventTime(T).build()));
        good.put(Topics.POLICY_EVENTS + " ok-3", serialize(Topics.POLICY_EVENTS, policy(commodity, "robust-ok-3")));

        Map<String, DeadLetterReason> expected = new LinkedHashMap<>();
        Map<String, byte[]> bad = new LinkedHashMap<>();
        byte[] random = new byte[256];
        new SplittableRandom(11).nextBytes(random);
        random[0] = 7;
        bad.put("random bytes", random);
        expected.put("random bytes", DeadLetterReason.UNDESERIALIZABLE);
        bad.put("truncated Avro", Arrays.copyOf(validPolicy, validPolicy.length / 2));
        expected.put("truncated Avro", DeadLetterReason.UNDESERIALIZABLE);
        byte[] unknownId = validPolicy.clone();
        ByteBuffer.wrap(unknownId, 1, 4).putInt(999_999_999);
        bad.put("unknown schema id", unknownId);
        expected.put("unknown schema id", DeadLetterReason.UNDESERIALIZABLE);
        bad.put("a market event on the policy topic", serialize(Topics.MARKET_EVENTS, MarketEvent.newBuilder(ReferenceData.market("e3"))
                .setEventId("robust-wrong-topic").setCommodity(commodity).setEventTime(T).build()));
        expected.put("a market event on the policy topic", DeadLetterReason.OTHER);
        bad.put("negative stockpile purchase", serialize(Topics.POLICY_EVENTS, PolicyEvent.newBuilder(policy(commodity, "robust-neg"))
                .setInstrument(PolicyInstrument.STOCKPILE_PURCHASE).setValue(-150.0).setUnit("t").build()));
        expected.put("negative stockpile purchase", DeadLetterReason.INVALID_VALUE);
        bad.put("year 9999", serialize(Topics.POLICY_EVENTS, PolicyEvent.newBuilder(policy(commodity, "robust-9999"))
                .setEventTime(Instant.parse("9999-06-01T00:00:00Z")).build()));
        expected.put("year 9999", DeadLetterReason.INVALID_DATES);
        bad.put("a 900 KB summary", serialize(Topics.POLICY_EVENTS, withSummary(policy(commodity, "robust-long"), "x".repeat(900_000))));
        expected.put("a 900 KB summary", DeadLetterReason.INVALID_VALUE);
        bad.put("empty commodity", serialize(Topics.POLICY_EVENTS, PolicyEvent.newBuilder(policy(commodity, "robust-empty")).setCommodity("").build()));
        expected.put("empty commodity", DeadLetterReason.EMPTY_COMMODITY);
        bad.put("invalid country", serialize(Topics.POLICY_EVENTS, PolicyEvent.newBuilder(policy(commodity, "robust-xx")).setIssuerCountry("XX").build()));
        expected.put("invalid country", DeadLetterReason.INVALID_COUNTRY);
        bad.put("control characters", serialize(Topics.POLICY_EVENTS, withSummary(policy(commodity, "robust-ctl"), "ban \u001B[2Jlifted\u0000")));
        expected.put("control characters", DeadLetterReason.INVALID_VALUE);
        bad.put("bidirectional override", serialize(Topics.POLICY_EVENTS, PolicyEvent.newBuilder(policy(commodity, "robust-\u202Eid")).build()));
        expected.put("bidirectional override", DeadLetterReason.INVALID_VALUE);
        byte[] nanPrice = serialize(Topics.MARKET_EVENTS, MarketEvent.newBuilder(ReferenceData.market("e3"))
                .setEventId("robust-nan").setCommodity(commodity).setValue(Double.NaN).setEventTime(T).build());

        Map<String, RecordMetadata> sentBad = new LinkedHashMap<>();
        List<RecordMetadata> sentGood = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(new HashMap<>(config.clientConfig()), new StringSerializer(), new ByteArraySerializer())) {
            for (var e : good.entrySet()) sentGood.add(producer.send(new ProducerRecord<>(e.getKey().split(" ")[0], commodity, e.getValue())).get());
            for (var e : bad.entrySet()) sentBad.put(e.getKey(), producer.send(new ProducerRecord<>(Topics.POLICY_EVENTS, commodity, e.getValue())).get());
            sentBad.put("NaN price", producer.send(new ProducerRecord<>(Topics.MARKET_EVENTS, commodity, nanPrice)).get());
            expected.put("NaN price", DeadLetterReason.INVALID_VALUE);
            // A record over the broker's 1 MB limit is refused at the door: it never reaches the app.
            byte[] fiveMegabytes = serialize(Topics.POLICY_EVENTS, withSummary(policy(commodity, "robust-5mb"), "y".repeat(5 * 1024 * 1024)));
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.POLICY_EVENTS, commodity, fiveMegabytes)).get())
                    .hasCauseInstanceOf(RecordTooLargeException.class);
        }

        Map<String, DeadLetter> found = await(() -> {
            Map<String, DeadLetter> byCase = new LinkedHashMap<>();
            for (DeadLetter d : values(TopicReader.<DeadLetter>readAll(config, Topics.DEAD_LETTERS, Duration.ofSeconds(20)))) {
                sentBad.forEach((name, meta) -> {
                    if (d.getSourceTopic().equals(meta.topic()) && d.getSourcePartition() == meta.partition() && d.getSourceOffset() == meta.offset()) {
                        byCase.put(name, d);
                    }
                });
            }
            return byCase.size() == sentBad.size() ? byCase : null;
        }, "a dead letter for each of " + sentBad.size() + " bad records");
        found.forEach((name, d) -> {
            assertThat(d.getReason()).as(name + ": " + d.getDetail()).isEqualTo(expected.get(name));
            assertThat(d.getDetail()).as(name).isNotBlank().hasSizeLessThan(500);
        });
        long processed = await(() -> {
            CommodityState state = latestState(commodity);
            return state != null && state.getEventCount() == good.size() ? state.getEventCount() : null;
        }, "the three good records folded into " + commodity);
        assertThat(processed).isEqualTo(good.size());
        // Once nothing is in flight: each bad record was dead-lettered exactly once (a replaced thread must not
        // write a second letter for it) and no good record was.
        assertThat(ProcessingProgress.waitUntilProcessed(config, WAIT, System.out)).isZero();
        List<DeadLetter> letters = values(TopicReader.<DeadLetter>readAll(config, Topics.DEAD_LETTERS, Duration.ofSeconds(20)));
        for (var e : sentBad.entrySet()) {
            assertThat(letters).as("dead letters for " + e.getKey()).filteredOn(d -> pointsAt(d, e.getValue())).hasSize(1);
        }
        for (RecordMetadata meta : sentGood) {
            assertThat(letters).as("a good record at offset " + meta.offset() + " of " + meta.topic()).noneMatch(d -> pointsAt(d, meta));
        }
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    @Test
    void producersOnTwoVersionsOfTheInputSchemaAreProcessedInOneRun() throws Exception {
        String commodity = "robust_evolution";
        Schema v2 = withField(PolicyEvent.getClassSchema(), "sourceUrl", "[\"null\", \"string\"]", "null");
        GenericRecord second = asVersion(policy(commodity, "robust-v2"), v2);
        second.put("sourceUrl", "https://news.example/robust-v2");
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(new HashMap<>(config.clientConfig()), new StringSerializer(), registrySerializer())) {
            producer.send(new ProducerRecord<>(Topics.POLICY_EVENTS, commodity, policy(commodity, "robust-v1"))).get();
            producer.send(new ProducerRecord<>(Topics.POLICY_EVENTS, commodity, second)).get();
        }
        CommodityState state = await(() -> {
            CommodityState s = latestState(commodity);
            return s != null && s.getEventCount() == 2 ? s : null;
        }, "both versions folded into " + commodity);
        assertThat(state.getMeasures()).extracting(m -> m.getEventId()).containsExactlyInAnyOrder("robust-v1", "robust-v2");
        JsonNode versions = new ObjectMapper().readTree(get("/apis/ccompat/v7/subjects/" + Topics.POLICY_EVENTS + "-value/versions").body());
        assertThat(versions.size()).as("the subject holds both versions").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSchemaVersionTheRuleForbidsIsRefusedWhenAProducerRegistersIt() throws Exception {
        String commodity = "robust_incompatible";
        // A new required field without a default: data written before it cannot be read with it (not BACKWARD).
        Schema broken = withField(PolicyEvent.getClassSchema(), "confidence", "\"double\"", null);
        GenericRecord source = asVersion(policy(commodity, "robust-broken"), withField(PolicyEvent.getClassSchema(), "confidence", "\"double\"", "0.5"));
        GenericData.Record record = new GenericData.Record(broken);
        broken.getFields().forEach(f -> record.put(f.name(), source.get(f.name())));
        record.put("confidence", 0.9);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(new HashMap<>(config.clientConfig()), new StringSerializer(), registrySerializer())) {
            // The subject must have a version for a rule to compare against: the current one, as any producer registers it.
            producer.send(new ProducerRecord<>(Topics.POLICY_EVENTS, commodity, policy(commodity, "robust-current"))).get();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.POLICY_EVENTS, commodity, record)).get())
                    .satisfies(e -> assertThat(io.supplyshock.topics.RegistryErrors.describe(e))
                            .startsWith("the schema registry refused it (HTTP 4").contains("Incompatible artifact: supply.policy-events-value")
                            .contains("confidence"));
        }
        CommodityState state = await(() -> latestState(commodity), "the current version's record processed");
        assertThat(state.getMeasures()).extracting(m -> m.getEventId()).containsExactly("robust-current");
    }

    @Test
    void aConsumerOnTheOldAlertSchemaReadsTheAlertsTheAppWrites() throws Exception {
        String commodity = "robust_alerts";
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(new HashMap<>(config.clientConfig()), new StringSerializer(), registrySerializer())) {
            producer.send(new ProducerRecord<>(Topics.POLICY_EVENTS, commodity, PolicyEvent.newBuilder(ReferenceData.policy("e97"))
                    .setEventId("robust-alert").setCommodity(commodity).setEventTime(T)
                    .setProvenance(Provenance.newBuilder(ReferenceData.policy("e97").getProvenance()).setGroup("robust-alert").build()).build())).get();
        }
        byte[] bytes = await(() -> rawAlertOf(commodity), "an alert on " + commodity);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        // The writer's schema as a Confluent consumer fetches it by the id in the record: the schema, then its references.
        Schema.Parser parser = new Schema.Parser();
        JsonNode byId = new ObjectMapper().readTree(get("/apis/ccompat/v7/schemas/ids/" + id).body());
        parseReferences(parser, byId.get("references"));
        Schema writer = parser.parse(byId.get("schema").asText());
        // The alert schema as it was before storylines: what a consumer built then still has.
        Schema old = without(Alert.getClassSchema(), Set.of("storylineId", "storylineSequence", "relatedAlertIds", "endedEventIds", "affectedEntityCount"));
        assertThat(writer.getField("storylineId")).isNotNull();
        GenericRecord read = new GenericDatumReader<GenericRecord>(writer, old).read(null,
                DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(read.get("commodity").toString()).isEqualTo(commodity);
        assertThat(read.get("alertId").toString()).isNotBlank();
        assertThat(read.getSchema().getField("storylineId")).isNull();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static PolicyEvent policy(String commodity, String id) {
        PolicyEvent e1 = ReferenceData.policy("e1");
        return PolicyEvent.newBuilder(e1).setEventId(id).setCommodity(commodity).setEventTime(T)
                .setProvenance(Provenance.newBuilder(e1.getProvenance()).setGroup(id).build()).build();
    }

    private static PolicyEvent withSummary(PolicyEvent e, String summary) {
        return PolicyEvent.newBuilder(e).setProvenance(Provenance.newBuilder(e.getProvenance()).setSummary(summary).build()).build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private AvroKafkaSerializer<Object> registrySerializer() {
        return io.supplyshock.topics.RegistryClients.serializer(config);
    }

    private byte[] serialize(String topic, Object value) {
        try (AvroKafkaSerializer<Object> serializer = registrySerializer()) {
            return serializer.serialize(topic, value);
        }
    }

    /** Referenced schemas first, depth first, each once: the parser then knows every named type the schema uses. */
    private void parseReferences(Schema.Parser parser, JsonNode references) throws Exception {
        if (references == null) return;
        for (JsonNode ref : references) {
            if (parser.getTypes().containsKey(ref.get("name").asText())) continue;
            JsonNode version = new ObjectMapper().readTree(get("/apis/ccompat/v7/subjects/" + ref.get("subject").asText()
                    + "/versions/" + ref.get("version").asText()).body());
            parseReferences(parser, version.get("references"));
            if (!parser.getTypes().containsKey(ref.get("name").asText())) parser.parse(version.get("schema").asText());
        }
    }

    private CommodityState latestState(String commodity) {
        CommodityState latest = null;
        for (var r : TopicReader.<CommodityState>readAll(config, Topics.COMMODITY_STATE, Duration.ofSeconds(20))) {
            if (r.key().equals(commodity)) latest = r.value();
        }
        return latest;
    }

    private byte[] rawAlertOf(String commodity) {
        Map<String, Object> props = new HashMap<>(config.clientConfig());
        props.put("isolation.level", "read_committed");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.ALERTS).stream().map(p -> new org.apache.kafka.common.TopicPartition(Topics.ALERTS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (commodity.equals(r.key())) return r.value();
                }
            }
        }
        return null;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.registryBase() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private <T> T await(java.util.function.Supplier<T> probe, String what) throws InterruptedException {
        return Await.until(WAIT, Duration.ofSeconds(1), what, probe, this::whyNot);
    }

    /** What the app was doing when a wait ran out: a failure in CI must say more than that it waited. */
    private String whyNot() {
        StringBuilder found = new StringBuilder("app " + app.streams().state());
        try {
            found.append(", lag ").append(ProcessingProgress.lag(config));
        } catch (Exception e) {
            found.append(", lag unknown (").append(e.getMessage()).append(')');
        }
        List<DeadLetter> letters = values(TopicReader.<DeadLetter>readAll(config, Topics.DEAD_LETTERS, Duration.ofSeconds(20)));
        found.append(", ").append(letters.size()).append(" dead letters, newest: ")
                .append(letters.stream().skip(Math.max(0, letters.size() - 3)).map(d -> d.getReason() + " " + d.getDetail()).toList());
        found.append(", commodity-state keys: ").append(TopicReader.<CommodityState>readAll(config, Topics.COMMODITY_STATE, Duration.ofSeconds(20))
                .stream().map(ConsumerRecord::key).distinct().toList());
        return found.toString();
    }

    private static <V> List<V> values(List<ConsumerRecord<String, V>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

}
