package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Explanation;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.Storyline;
import io.supplyshock.schema.StorylineAlert;
import io.supplyshock.testing.StageDriver;
import io.supplyshock.topics.AlertPartitioning;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The storyline stage alone: {@code supply.alerts} (keyed by commodity) in, whole storylines keyed by storyline id out. */
class StorylineStageTest {

    private static final String STORY = "group:RESOURCE_NATIONALISM";
    private static final Instant DETECTED = Instant.parse("2026-12-05T08:00:00Z");
    @AutoClose
    private final StageDriver stage = new StageDriver();
    private final TestInputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, Storyline> storylines;

    StorylineStageTest() {
        StorylineTopology.build(stage.builder, stage.topics);
        alerts = stage.input(Topics.ALERTS, stage.topics.alerts().valueSerde());
        storylines = stage.output(stage.topics.storylines());
    }

    @Test
    void aStorylineOnFourCommoditiesListsEveryAlertInEventTimeOrder() {
        pipe(alert(STORY + "/ZW|EXPORT|lithium|*|2025-12-01#1", "lithium", "2025-12-01"));
        pipe(alert(STORY + "/MW|EXPORT|raw_minerals|*|2025-10-01#1", "raw_minerals", "2025-10-01"));
        pipe(alert(STORY + "/GA|EXPORT|manganese|*|2025-11-01#1", "manganese", "2025-11-01"));
        pipe(alert(STORY + "/GN|LICENCE_REVOCATION|bauxite|*|2025-11-15#1", "bauxite", "2025-11-15"));

        List<KeyValue<String, Storyline>> out = storylines.readKeyValuesToList();

        assertThat(out).hasSize(4).extracting(kv -> kv.key).containsOnly(STORY);
        Storyline story = out.getLast().value;
        assertThat(story.getStorylineId()).isEqualTo(STORY);
        assertThat(story.getAlertCount()).isEqualTo(4L);
        assertThat(story.getAlerts()).extracting(StorylineAlert::getCommodity)
                .containsExactly("raw_minerals", "manganese", "bauxite", "lithium");
        assertThat(story.getAlerts().getFirst()).extracting(StorylineAlert::getAlertId, StorylineAlert::getAlertType,
                StorylineAlert::getSeverity, StorylineAlert::getScore)
                .containsExactly(STORY + "/MW|EXPORT|raw_minerals|*|2025-10-01#1", AlertType.SHOCK, Severity.HIGH, 70);
        assertThat(story.getCommodities()).containsExactly("bauxite", "lithium", "manganese", "raw_minerals");
        assertThat(story.getUpdatedAt()).isEqualTo(DETECTED);
    }

    @Test
    void anAlertDeliveredTwiceCountsOnceAndTheSituationsNextAlertCounts() {
        Alert first = alert(STORY + "/MW|EXPORT|raw_minerals|*|2025-10-01#1", "raw_minerals", "2025-10-01");
        pipe(first);
        pipe(first);
        pipe(alert(STORY + "/MW|EXPORT|raw_minerals|*|2025-10-01#2", "raw_minerals", "2025-10-20"));
        pipe(first);

        List<Storyline> out = storylines.readValuesToList();

        assertThat(out).extracting(Storyline::getAlertCount).containsExactly(1L, 2L);
        assertThat(out.getLast().getAlerts()).extracting(StorylineAlert::getAlertId)
                .containsExactly(STORY + "/MW|EXPORT|raw_minerals|*|2025-10-01#1", STORY + "/MW|EXPORT|raw_minerals|*|2025-10-01#2");
    }

    @Test
    void alertsWithoutAStorylineAreLeftOut() {
        pipe(Alert.newBuilder(alert("signal:PRICE_SPIKE|tungsten|-|2025-01-01#1", "tungsten", "2025-01-01")).setStorylineId(null).build());

        assertThat(storylines.isEmpty()).isTrue();
    }

    @Test
    void aStorylineKeepsItsNewestTwentyAlertsAndTwentyCommoditiesButCountsThemAll() {
        IntStream.range(0, 25).forEach(i -> pipe(alert(STORY + "/C" + i + "|EXPORT|m" + (100 + i) + "|*|-#1", "m" + (100 + i),
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(86_400L * i).toString().substring(0, 10))));

        Storyline story = storylines.readValuesToList().getLast();

        assertThat(story.getAlertCount()).isEqualTo(25L);
        assertThat(story.getAlerts()).hasSize(Storylines.MAX_ALERTS)
                .extracting(StorylineAlert::getCommodity).first().isEqualTo("m105");
        assertThat(story.getAlerts()).extracting(StorylineAlert::getCommodity).last().isEqualTo("m124");
        assertThat(story.getCommodities()).hasSize(Storylines.MAX_COMMODITIES).first().isEqualTo("m100");
    }

    @Test
    void alertsOfOneStorylineArrivingInAnyOrderGiveTheSameRecord() {
        Alert a = alert(STORY + "/MW|EXPORT|raw_minerals|*|2025-10-01#1", "raw_minerals", "2025-10-01");
        Alert b = alert(STORY + "/GA|EXPORT|manganese|*|2025-10-01#1", "manganese", "2025-10-01");
        pipe(b);
        pipe(a);
        Storyline oneOrder = storylines.readValuesToList().getLast();

        try (StageDriver other = new StageDriver()) {
            StorylineTopology.build(other.builder, other.topics);
            TestInputTopic<String, Alert> in = other.input(Topics.ALERTS, other.topics.alerts().valueSerde());
            in.pipeInput(asWritten(a));
            in.pipeInput(asWritten(b));
            Storyline otherOrder = other.output(other.topics.storylines()).readValuesToList().getLast();

            assertThat(otherOrder).isEqualTo(oneOrder);
            assertThat(oneOrder.getAlerts()).extracting(StorylineAlert::getCommodity, StorylineAlert::getEventTime).containsExactly(
                    tuple("manganese", Instant.parse("2025-10-01T00:00:00Z")), tuple("raw_minerals", Instant.parse("2025-10-01T00:00:00Z")));
        }
    }

    @Test
    void alertsWrittenOnTheirCommoditysPartitionByAnEarlierVersionAreNotCounted() {
        Alert old = alert(STORY + "/MW|EXPORT|raw_minerals|*|2025-10-01#1", "raw_minerals", "2025-10-01");
        alerts.pipeInput(new TestRecord<>(old.getCommodity(), old, new RecordHeaders(), old.getEventTime()));
        assertThat(storylines.isEmpty()).isTrue();

        pipe(old);
        assertThat(storylines.readValuesToList()).extracting(Storyline::getAlertCount).containsExactly(1L);
    }

    private void pipe(Alert alert) {
        alerts.pipeInput(asWritten(alert));
    }

    /** As the alert stage writes it: keyed by commodity, marked as on its storyline's partition. */
    private static TestRecord<String, Alert> asWritten(Alert alert) {
        return new TestRecord<>(alert.getCommodity(), alert, AlertPartitioning.marked(new RecordHeaders()), alert.getEventTime());
    }

    private static Alert alert(String alertId, String commodity, String date) {
        Instant at = Instant.parse(date + "T00:00:00Z");
        return Alert.newBuilder()
                .setAlertId(alertId)
                .setAlertType(alertId.endsWith("#1") ? AlertType.SHOCK : AlertType.ESCALATION)
                .setSeverity(Severity.HIGH)
                .setScore(70)
                .setDedupKey(alertId.substring(0, alertId.lastIndexOf('#')))
                .setCommodity(commodity)
                .setInstrument("EXPORT_BAN")
                .setEventTime(at)
                .setDetectedAt(DETECTED)
                .setExplanation(Explanation.newBuilder().setSummary(alertId).setInputs(List.of()).setSourceEventIds(List.of()).build())
                .setStorylineId(STORY)
                .build();
    }
}
