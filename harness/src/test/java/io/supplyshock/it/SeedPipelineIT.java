package io.supplyshock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.supplyshock.StreamsApp;
import io.supplyshock.config.AppConfig;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.publish.PublishReport;
import io.supplyshock.query.AvroJson;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.Storyline;
import io.supplyshock.schema.StorylineAlert;
import io.supplyshock.testing.RealStack;
import io.supplyshock.testing.RealStackExtension;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.tools.ProcessingProgress;
import io.supplyshock.tools.TopicReader;
import io.supplyshock.topics.AlertPartitioning;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on the real stack: the reference profiles and all of seed-events.jsonl go through the
 * publisher, the registry and the running streams app; the outputs are read back through the registry.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedPipelineIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NOTICE = "group:CN_REE_EXPORT_CTRL_2025-10-09/CN|EXPORT|rare_earths|*|2025-10-09";

    private RealStack stack;
    private AppConfig config;
    private StreamsApp app;
    private PublishReport seedReport;
    private PublishReport republishReport;
    // Both passes run before any test, so every test sees the same finished run whatever order JUnit picks.
    private long expectedAfterFirstPass, accountedAfterFirstPass, expectedAfterSecondPass, accountedAfterSecondPass;
    private int alertsAfterFirstPass, alertsAfterSecondPass;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startPipeline(RealStack stack) throws Exception {
        this.stack = stack;
        Path work = Files.createTempDirectory("supplyshock-it");
        // Deadlines: event time while the seed flows, then the wall clock soon after it stops.
        config = stack.appConfig("supplyshock-it", work)
                .with(AppConfig.SIGNAL_CLOCK_IDLE_MS.key(), "2000")
                .with(AppConfig.SIGNAL_PUNCTUATE_MS.key(), "500")
                // The wall clock the deadlines see is at least 2026-11-15, whatever today's date, so every milestone
                // of the seed (the last is on 2026-11-01) is due once the app is idle.
                .with(AppConfig.SIGNAL_CLOCK_OFFSET_DAYS.key(), String.valueOf(Math.max(0,
                        java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.now(java.time.ZoneOffset.UTC), java.time.LocalDate.of(2026, 11, 15)))));
        RealStack.createTopicsAndPublishSeedProfiles(config, work);

        app = new StreamsApp(config).start();
        seedReport = new JsonlPublisher(config, JsonlPublisher.Options.defaults(), System.err).publish(ReferenceData.seedEventsFile());
        System.out.println(seedReport.summary());

        // Each fact folded into a commodity's state bumps its eventCount; the baseline's commodity profiles are facts too.
        expectedAfterFirstPass = seedReport.published() + io.supplyshock.profiles.WorldBaselineFile.bundled().size();
        accountedAfterFirstPass = awaitCount(() -> latestEventCounts() + eventDeadLetters(), expectedAfterFirstPass);
        // Deadline milestones fire once the app is idle; the last one due marks the end of the first pass.
        awaitAlert(a -> a.getDedupKey().equals("deadline:group:US_CN_TRUCE_2025-10-30|LAPSES|2026-11-01|0"));
        assertThat(ProcessingProgress.waitUntilProcessed(config, WAIT, System.out)).as("records still in flight after the first pass").isZero();
        alertsAfterFirstPass = alerts().size();

        republishReport = new JsonlPublisher(config, JsonlPublisher.Options.defaults(), System.err).publish(ReferenceData.seedEventsFile());
        expectedAfterSecondPass = expectedAfterFirstPass + republishReport.published();
        accountedAfterSecondPass = awaitCount(() -> latestEventCounts() + eventDeadLetters(), expectedAfterSecondPass);
        assertThat(ProcessingProgress.waitUntilProcessed(config, WAIT, System.out)).as("records still in flight after the republish").isZero();
        alertsAfterSecondPass = alerts().size();
    }

    @AfterAll
    void stopPipeline() {
        if (app != null) app.close();
    }

    @Test
    void everySeedLineIsPublishedOrRejectedWithAReason() {
        assertThat(seedReport.completed()).isTrue();
        assertThat(seedReport.totalLines()).isEqualTo(183);
        assertThat(seedReport.published() + seedReport.rejected().size() + seedReport.blankLines()).isEqualTo(183);
        assertThat(seedReport.rejected()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
        assertThat(seedReport.publishedByTopic()).containsKeys(Topics.POLICY_EVENTS, Topics.MARKET_EVENTS, Topics.DISRUPTION_EVENTS);
    }

    @Test
    void chinasRareEarthLicenceIsAHighAlertCitingItsSupplyShare() {
        Alert e1 = awaitAlert(a -> a.getDedupKey().equals(NOTICE) && a.getAlertType() == AlertType.SHOCK);
        assertThat(e1.getExplanation().getSourceEventIds().getFirst()).isEqualTo("e1");
        // 0.85 (licence) x (0.35 + 0.65 x sqrt(0.70), China's share of world rare-earth exports) x 0.95 (53 days) = 72;
        // its 92% processing share is explained as concentration, not counted again
        assertThat(e1.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(e1.getScore()).isEqualTo(72);
        assertThat(e1.getStorylineId()).isEqualTo("group:CN_REE_EXPORT_CTRL_2025-10-09");
        assertThat(e1.getExplanation().getInputs())
                .anySatisfy(in -> {
                    assertThat(in.getName()).isEqualTo("supply_at_risk");
                    assertThat(in.getValue()).isEqualTo("CN 70% of world exports");
                })
                .anySatisfy(in -> {
                    assertThat(in.getName()).isEqualTo("concentration");
                    assertThat(in.getFactor()).isEqualTo(1.0);
                });
        assertThat(e1.getExplanation().getSummary()).contains("CN ships 70% of world exports");
    }

    @Test
    void theBaselineLoadedThroughTheProfileTopicInformsScoresOnTheRealStack() {
        // e97: the DRC's share of cobalt mining comes from the shipped baseline, not from the news.
        Alert cobalt = awaitAlert(a -> a.getCommodity().equals("cobalt") && a.getExplanation().getSourceEventIds().getFirst().equals("e97"));
        assertThat(cobalt.getSeverity()).isIn(Severity.HIGH, Severity.CRITICAL);
        assertThat(cobalt.getExplanation().getSummary()).contains("CD holds 75.9% of world mine supply (2024)");
        assertThat(cobalt.getExplanation().getInputs()).anySatisfy(in -> assertThat(in.getNote()).contains("USGS Mineral Commodity Summaries 2025"));
        // e69: an import tariff weighed by the rate step and US import reliance.
        Alert copper = awaitAlert(a -> a.getCommodity().equals("copper") && a.getExplanation().getSourceEventIds().getFirst().equals("e69"));
        assertThat(copper.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(copper.getExplanation().getInputs()).extracting(io.supplyshock.schema.ExplanationInput::getName)
                .contains("rate_step", "import_reliance").doesNotContain("issuer_share");
    }

    @Test
    void oneGroupHoldsDistinctSituationsAndRepeatsRaiseNothing() {
        awaitAlert(a -> a.getDedupKey().equals(NOTICE) && a.getAlertType() == AlertType.SHOCK);
        // e1 and its restatement e87 are one situation: one SHOCK, no escalation (same band).
        List<Alert> notice = alerts().stream().filter(a -> a.getDedupKey().equals(NOTICE)).toList();
        assertThat(notice).filteredOn(a -> a.getAlertType() == AlertType.SHOCK).hasSize(1);
        assertThat(notice).filteredOn(a -> a.getAlertType() == AlertType.ESCALATION).isEmpty();
        // Four countries' measures in one producer group raise four alerts, each the first of the storyline on its own
        // commodity; supply.storylines lists all four under the one storyline, whatever their partitions.
        Storyline nationalism = awaitStoryline("group:RESOURCE_NATIONALISM", s -> s.getAlertCount() == 4);
        List<Alert> itsAlerts = alerts().stream().filter(a -> "group:RESOURCE_NATIONALISM".equals(a.getStorylineId())).toList();
        assertThat(itsAlerts).extracting(Alert::getIssuerCountry).containsExactlyInAnyOrder("MW", "GA", "GN", "ZW");
        assertThat(itsAlerts).extracting(Alert::getStorylineSequence).containsOnly(1);
        assertThat(nationalism.getAlerts()).extracting(StorylineAlert::getAlertId)
                .containsExactlyInAnyOrderElementsOf(itsAlerts.stream().map(Alert::getAlertId).toList());
        assertThat(nationalism.getCommodities()).containsExactlyInAnyOrderElementsOf(itsAlerts.stream().map(Alert::getCommodity).toList());
        // Keyed by four commodities, written to the one partition of their storyline, and marked so.
        int partitions;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.clientConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            partitions = consumer.partitionsFor(Topics.ALERTS, Duration.ofSeconds(20)).size();
        }
        assertThat(partitions).isGreaterThan(1);
        List<ConsumerRecord<String, Alert>> itsRecords = TopicReader.<Alert>readAll(config, Topics.ALERTS, Duration.ofSeconds(20)).stream()
                .filter(r -> "group:RESOURCE_NATIONALISM".equals(r.value().getStorylineId())).toList();
        assertThat(itsRecords).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(itsAlerts.stream().map(Alert::getCommodity).toList());
        assertThat(itsRecords).extracting(ConsumerRecord::partition)
                .containsOnly(AlertPartitioning.partitionOf("group:RESOURCE_NATIONALISM", partitions));
        assertThat(itsRecords).allSatisfy(r -> assertThat(AlertPartitioning.isByStoryline(r.headers())).isTrue());
        // The DRC's quota alerts on its own and points to the ban.
        Alert quota = awaitAlert(a -> a.getExplanation().getSourceEventIds().getFirst().equals("e98"));
        assertThat(quota.getStorylineId()).isEqualTo("group:DRC_COBALT");
        assertThat(quota.getRelatedAlertIds()).anySatisfy(id -> assertThat(id).startsWith("group:DRC_COBALT/CD|EXPORT|cobalt|*|2025-02-01#"));
        assertThat(alerts().stream().map(Alert::getAlertId)).doesNotHaveDuplicates();
    }

    @Test
    void marketSignalsFromTheSeedReachTheAlertTopic() {
        Alert tungsten = awaitAlert(a -> a.getAlertType() == AlertType.PRICE_SPIKE && a.getCommodity().equals("tungsten"));
        assertThat(tungsten.getScore()).isEqualTo(83);
        assertThat(tungsten.getSeverity()).isEqualTo(Severity.CRITICAL);

        Alert cobalt = awaitAlert(a -> a.getAlertType() == AlertType.PRICE_SPIKE && a.getCommodity().equals("cobalt"));
        assertThat(cobalt.getExplanation().getSummary()).contains("confirms CD export ban (e97)");
        assertThat(cobalt.getScore()).isEqualTo(70);

        Alert divergence = awaitAlert(a -> a.getAlertType() == AlertType.PRICE_FLOW_DIVERGENCE);
        assertThat(divergence.getCommodity()).isEqualTo("silver");
        assertThat(divergence.getExplanation().getSourceEventIds()).contains("e15", "e16");

        // e17, e18, e19 share silver's partition and arrive in that order: MEDIUM, then CRITICAL once the baseline is known.
        Alert drawdown = awaitAlert(a -> a.getDedupKey().startsWith("signal:INVENTORY_DRAWDOWN|silver") && a.getScore() == 88);
        assertThat(drawdown.getExplanation().getSummary()).contains("62 days to baseline");
    }

    @Test
    void deadlinesAlreadyPastTodayAreCountedDownOnceTheWallClockTakesOver() {
        // The Section 232 window (e41) closed on 2026-07-13, before the test's deadline clock: once idle, the wall clock passes every milestone.
        Alert closed = awaitAlert(a -> a.getDedupKey().equals("deadline:group:US_232_CRITMIN_2026-01-14|WINDOW_CLOSES|2026-07-13|0"));
        assertThat(closed.getAlertType()).isEqualTo(AlertType.LAPSES);
        assertThat(closed.getEventTime()).isEqualTo(java.time.Instant.parse("2026-07-13T00:00:00Z"));
        assertThat(alerts()).filteredOn(a -> a.getDedupKey().startsWith("deadline:group:US_232_CRITMIN_2026-01-14|WINDOW_CLOSES"))
                .extracting(Alert::getAlertType).containsExactlyInAnyOrder(AlertType.COUNTDOWN, AlertType.COUNTDOWN, AlertType.COUNTDOWN, AlertType.LAPSES);
        // The one-year US-China pause ran out on 2026-11-01: China's export licences on rare earths come back.
        Alert truceEnds = awaitAlert(a -> a.getDedupKey().equals("deadline:group:US_CN_TRUCE_2025-10-30|LAPSES|2026-11-01|0")
                && a.getSeverity() == Severity.CRITICAL);
        assertThat(truceEnds.getExplanation().getSummary()).contains("(e89) lapses and e1");
    }

    @Test
    void republishingTheSeedRaisesNoSecondAlert() {
        assertThat(republishReport.published()).isEqualTo(seedReport.published());
        assertThat(accountedAfterSecondPass).as("every republished event processed before counting alerts").isEqualTo(expectedAfterSecondPass);
        assertThat(alertsAfterFirstPass).isPositive();
        assertThat(alertsAfterSecondPass).isEqualTo(alertsAfterFirstPass);
    }

    @Test
    void theUsChinaPauseDeEscalates() throws Exception {
        // The pause de-escalates the situation of the measures it ends and names them.
        Alert pause = awaitAlert(a -> a.getDedupKey().equals(NOTICE) && a.getAlertType() == AlertType.DE_ESCALATION);
        assertThat(pause.getExplanation().getSourceEventIds()).contains("e89", "e1");
        assertThat(pause.getEndedEventIds()).containsExactly("e1", "e87");
        assertThat(pause.getSupersedesAlertId()).isEqualTo(NOTICE + "#1");

        JsonNode state = getJson("/api/commodities/rare_earths", 200);
        JsonNode e1 = findMeasure(state, "e1");
        assertThat(e1.get("endedBy").asText()).isEqualTo("e89");
        assertThat(e1.get("resumesOn").asText()).isEqualTo("2026-11-01");
    }

    @Test
    void mpMaterialsHasAnExposureRowServedByTheApi() throws Exception {
        ExposureRow row = awaitExposure("mp-materials|rare_earths|");
        assertThat(row.getEntityName()).isEqualTo("MP Materials");
        JsonNode body = getJson("/api/exposures/mp-materials", 200);
        assertThat(body.get("rows")).anySatisfy(r -> assertThat(r.get("commodity").asText()).isEqualTo("rare_earths"));
        // e1 and e87 were paused by e89, so rare_earths no longer carries their scores.
        assertThat(row.getContributions()).anySatisfy(c -> {
            assertThat(c.getEventId()).isEqualTo("e1");
            assertThat(c.getActive()).isFalse();
        });
        getJson("/api/exposures/no-such-entity", 404);
        getJson("/api/exposures/Not%20Valid!", 400);
        getJson("/api/commodities/no_such_commodity", 404);
        getJson("/api/commodities/RARE-EARTHS", 400);
        getJson("/health", 200);
    }

    @Test
    void everyPublishedEventIsProcessedOrDeadLettered() {
        assertThat(accountedAfterFirstPass).isEqualTo(expectedAfterFirstPass);
        assertThat(accountedAfterSecondPass).isEqualTo(expectedAfterSecondPass);
    }

    @Test
    void undecodableBytesAreDeadLetteredAndTheAppKeepsRunning() throws Exception {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> props = new HashMap<>(config.clientConfig());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.POLICY_EVENTS, "rare_earths", garbage)).get();
        }
        DeadLetter dl = awaitDeadLetter(d -> d.getReason() == DeadLetterReason.UNDESERIALIZABLE);
        assertThat(dl.getSourceTopic()).isEqualTo(Topics.POLICY_EVENTS);
        assertThat(toBytes(dl.getRawValue())).isEqualTo(garbage);
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    @Test
    void alertsUseTheConfluentWireFormatResolvableThroughCcompat() throws Exception {
        Map<String, Object> props = new HashMap<>(config.clientConfig());
        props.put("isolation.level", "read_committed");
        byte[] value;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS).stream()
                    .map(p -> new TopicPartition(Topics.ALERTS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            value = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (value == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    value = r.value();
                    break;
                }
            }
        }
        assertThat(value).isNotNull();
        assertThat(value[0]).isZero();
        int contentId = ByteBuffer.wrap(value, 1, 4).getInt();
        HttpResponse<String> schema = http.send(HttpRequest.newBuilder(
                URI.create(stack.registryBase() + "/apis/ccompat/v7/schemas/ids/" + contentId)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.body()).contains("io.supplyshock.schema").contains("Alert");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private List<Alert> alerts() {
        return TopicReader.<Alert>readAll(config, Topics.ALERTS, Duration.ofSeconds(20)).stream().map(ConsumerRecord::value).toList();
    }

    private List<DeadLetter> deadLetters() {
        return TopicReader.<DeadLetter>readAll(config, Topics.DEAD_LETTERS, Duration.ofSeconds(20)).stream().map(ConsumerRecord::value).toList();
    }

    private long eventDeadLetters() {
        return deadLetters().stream().filter(d -> !d.getSourceTopic().equals(Topics.EXPOSURE_PROFILES)).count();
    }

    private long latestEventCounts() {
        Map<String, Long> counts = new HashMap<>();
        TopicReader.<CommodityState>readAll(config, Topics.COMMODITY_STATE, Duration.ofSeconds(20))
                .forEach(r -> counts.put(r.key(), r.value().getEventCount()));
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The newest record of the storyline on the compacted supply.storylines, once it matches. */
    private Storyline awaitStoryline(String storylineId, Predicate<Storyline> match) {
        return await(() -> {
            Storyline latest = null;
            for (var r : TopicReader.<Storyline>readAll(config, Topics.STORYLINES, Duration.ofSeconds(20))) {
                if (r.key().equals(storylineId)) latest = r.value();
            }
            return latest != null && match.test(latest) ? latest : null;
        }, "storyline " + storylineId);
    }

    private Alert awaitAlert(Predicate<Alert> match) {
        return await(() -> alerts().stream().filter(match).findFirst().orElse(null), "alert");
    }

    private DeadLetter awaitDeadLetter(Predicate<DeadLetter> match) {
        return await(() -> deadLetters().stream().filter(match).findFirst().orElse(null), "dead letter");
    }

    private ExposureRow awaitExposure(String key) {
        return await(() -> {
            ExposureRow latest = null;
            for (var r : TopicReader.<ExposureRow>readAll(config, Topics.EXPOSURES, Duration.ofSeconds(20))) {
                if (r.key().equals(key)) latest = r.value();
            }
            return latest != null && latest.getContributions().stream().anyMatch(c -> c.getEventId().equals("e89")) ? latest : null;
        }, "exposure row " + key);
    }

    private long awaitCount(java.util.function.LongSupplier count, long expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long seen = count.getAsLong();
        while (seen < expected && System.nanoTime() < deadline) {
            sleep();
            seen = count.getAsLong();
        }
        return seen;
    }

    private <T> T await(java.util.function.Supplier<T> probe, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) return value;
            sleep();
        }
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s");
    }

    private JsonNode getJson(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = await(() -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 503 ? null : r;
            } catch (Exception e) {
                return null;
            }
        }, "HTTP answer from " + path);
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(expectedStatus);
        return AvroJson.MAPPER.readTree(response.body());
    }

    private static JsonNode findMeasure(JsonNode state, String eventId) {
        for (JsonNode m : state.get("measures")) {
            if (m.get("eventId").asText().equals(eventId)) return m;
        }
        throw new AssertionError("no measure " + eventId + " in " + state);
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
