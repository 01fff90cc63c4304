package io.supplyshock.metrics;

import io.supplyshock.topics.PublisherReport;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.PrometheusText;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline's meters as Prometheus renders them, after the whole seed ran through the topology. */
class PrometheusExpositionTest {

    private PipelineDriver pipeline;

    @BeforeEach
    void runSeed() {
        pipeline = new PipelineDriver();
        ReferenceData.seedEvents().forEach(pipeline::pipe);
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(pipeline.meters.scrape());
    }

    @Test
    void recordsInAreCountedByTopicAndCanonicalType() {
        PrometheusText scrape = scrape();
        assertThat(scrape.sumBy("supplyshock_records_in_total", "topic")).containsExactlyInAnyOrderEntriesOf(Map.of(
                Topics.POLICY_EVENTS, 73.0, Topics.MARKET_EVENTS, 104.0, Topics.DISRUPTION_EVENTS, 6.0));
        // e1, e2 and e87 (the October 2025 rare-earth notice) and e3 map to EXPORT_LICENCE.
        assertThat(scrape.sum("supplyshock_records_in_total", Map.of("topic", Topics.POLICY_EVENTS, "type", "EXPORT_LICENCE")))
                .isEqualTo(4.0);
        assertThat(scrape.sum("supplyshock_records_in_total", Map.of("topic", Topics.POLICY_EVENTS, "type", "TARIFF"))).isEqualTo(14.0);
    }

    @Test
    void everyDeadLetterReasonIsExportedAtZeroForTheCleanSeed() {
        PrometheusText scrape = scrape();
        assertThat(scrape.sumBy("supplyshock_dead_letters_total", "reason").keySet())
                .containsExactlyInAnyOrderElementsOf(List.of(DeadLetterReason.values()).stream().map(Enum::name).toList());
        assertThat(scrape.sum("supplyshock_dead_letters_total")).isZero();

        pipeline.pipeRaw(Topics.MARKET_EVENTS, "silver", "not avro".getBytes(), Instant.parse("2025-10-10T00:00:00Z"));
        PrometheusText after = scrape();
        assertThat(after.sum("supplyshock_dead_letters_total", Map.of("reason", "UNDESERIALIZABLE"))).isEqualTo(1.0);
        assertThat(after.sum("supplyshock_records_in_total", Map.of("topic", Topics.MARKET_EVENTS, "type", "undecodable"))).isEqualTo(1.0);
    }

    @Test
    void alertsBySeverityAndLatencyHistogramMatchTheAlertTopic() {
        List<Alert> alerts = pipeline.alerts();
        PrometheusText scrape = scrape();
        Map<String, Double> expected = alerts.stream()
                .collect(Collectors.groupingBy(a -> a.getSeverity().name(), Collectors.summingDouble(a -> 1.0)));
        Map<String, Double> bySeverity = scrape.sumBy("supplyshock_alerts_total", "severity");
        expected.forEach((severity, count) -> assertThat(bySeverity).containsEntry(severity, count));
        assertThat(scrape.sum("supplyshock_alerts_total")).isEqualTo(alerts.size()).isGreaterThan(0);

        assertThat(scrape.sum("supplyshock_event_to_alert_latency_seconds_count")).isEqualTo(alerts.size());
        assertThat(scrape.sum("supplyshock_event_to_alert_latency_seconds_bucket", Map.of("le", "+Inf"))).isEqualTo(alerts.size());
        // The seed is news from late 2025 replayed now: every latency is more than a day and under ten years.
        assertThat(scrape.sum("supplyshock_event_to_alert_latency_seconds_bucket", Map.of("le", "86400.0"))).isZero();
        assertThat(scrape.sum("supplyshock_event_to_alert_latency_seconds_bucket", Map.of("le", "3.1536E8"))).isEqualTo(alerts.size());
    }

    @Test
    void publisherReportsBecomeLineCountersAndAnythingElseIsIgnored() {
        TestInputTopic<String, String> reports = pipeline.driver.createInputTopic(Topics.PUBLISHER_REPORTS,
                Serdes.String().serializer(), Serdes.String().serializer());
        reports.pipeInput("events", new PublisherReport("events", "seed-events.jsonl", 183, 0, 0, Instant.parse("2026-01-01T00:00:00Z")).toJson());
        reports.pipeInput("events", "{\"publisher\":\"events\",\"accepted\":\"many\"}");
        reports.pipeInput("events", "not json");
        reports.pipeInput("events", new PublisherReport("events", "late.jsonl", 2, 1, 1, Instant.parse("2026-01-02T00:00:00Z")).toJson());

        PrometheusText scrape = scrape();
        assertThat(scrape.sumBy("supplyshock_publisher_lines_total", "outcome"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("accepted", 185.0, "rejected", 1.0, "blank", 1.0));
        assertThat(scrape.sum("supplyshock_publisher_runs_total", Map.of("publisher", "events"))).isEqualTo(2.0);
    }

    @Test
    void namesFollowPrometheusConventionsAndNoLabelCarriesAnId() {
        PrometheusText scrape = scrape();
        Set<String> names = scrape.names().stream().filter(n -> n.startsWith("supplyshock_")).collect(Collectors.toSet());
        assertThat(names).contains("supplyshock_records_in_total", "supplyshock_dead_letters_total", "supplyshock_alerts_total",
                "supplyshock_event_to_alert_latency_seconds_bucket", "supplyshock_publisher_lines_total");
        Set<String> labels = scrape.samples().stream().filter(s -> s.name().startsWith("supplyshock_"))
                .flatMap(s -> s.labels().keySet().stream()).collect(Collectors.toSet());
        assertThat(labels).contains("topic", "type", "reason", "severity", "outcome", "le")
                .isSubsetOf("topic", "type", "reason", "severity", "outcome", "publisher", "le");
        // No label value names an entity, an event or a commodity.
        assertThat(scrape.samples()).filteredOn(s -> s.name().startsWith("supplyshock_"))
                .allSatisfy(s -> assertThat(s.labels().values()).noneMatch(v -> v.matches("e\\d+") || v.contains("|")
                        || v.equals("rare_earths") || v.equals("mp-materials")));
    }
}
