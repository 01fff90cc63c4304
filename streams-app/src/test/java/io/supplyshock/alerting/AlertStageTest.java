package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.testing.StageDriver;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import io.supplyshock.topics.AlertPartitioning;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.supplyshock.testing.Shocks.measure;
import static io.supplyshock.testing.Shocks.milestone;
import static io.supplyshock.testing.Shocks.relief;
import static io.supplyshock.testing.Shocks.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The alerting stage alone: scored shocks and signals keyed by commodity in, alerts keyed by commodity out. */
class AlertStageTest {

    private static final String STORYLINE = "group:CN_REE";
    private static final String LICENCE_SITUATION = STORYLINE + "/CN|EXPORT|rare_earths|*|2025-10-09";
    private static final ScoredShock CN_LICENCE = measure("licence", "rare_earths", "CN", "EXPORT_LICENCE", 77, Severity.HIGH,
            "CN_REE", "2025-10-09").build();
    private final List<Alert> announced = new ArrayList<>();
    @AutoClose
    private final StageDriver stage = new StageDriver();
    private final TestInputTopic<String, ScoredShock> shocks;
    private final TestOutputTopic<String, Alert> alerts;

    AlertStageTest() {
        var in = stage.stream("shocks-and-signals", stage.topics.shockSerde());
        AlertTopology.build(stage.builder, stage.topics, in, Severity.MEDIUM, announced::add);
        shocks = stage.input("shocks-and-signals", stage.scoredShocks);
        alerts = stage.output(stage.topics.alerts());
    }

    @Test
    void theFirstReportOfASituationIsAShockAlertKeyedByCommodity() {
        pipe(CN_LICENCE);

        List<TestRecord<String, Alert>> out = alerts.readRecordsToList();

        assertThat(out).hasSize(1);
        assertThat(out.getFirst().key()).isEqualTo("rare_earths");
        assertThat(AlertPartitioning.isByStoryline(out.getFirst().headers())).isTrue();
        Alert alert = out.getFirst().value();
        assertThat(alert.getAlertId()).isEqualTo(LICENCE_SITUATION + "#1");
        assertThat(alert.getDedupKey()).isEqualTo(LICENCE_SITUATION);
        assertThat(alert).extracting(Alert::getAlertType, Alert::getSeverity, Alert::getScore)
                .containsExactly(AlertType.SHOCK, Severity.HIGH, 77);
        assertThat(alert.getStorylineId()).isEqualTo(STORYLINE);
        assertThat(alert.getStorylineSequence()).isEqualTo(1);
        assertThat(announced).extracting(Alert::getAlertId).containsExactly(alert.getAlertId());
    }

    @Test
    void aRepeatIsSuppressedAndAHigherBandEscalatesTheSameSituation() {
        pipe(CN_LICENCE);
        pipe(measure("restated", "rare_earths", "CN", "EXPORT_CONTROL", 70, Severity.HIGH, "CN_REE", "2025-10-12").build());
        pipe(measure("expanded", "rare_earths", "CN", "EXPORT_CONTROL", 81, Severity.CRITICAL, "CN_REE", "2025-10-20").build());

        List<Alert> out = alerts.readValuesToList();

        assertThat(out).extracting(Alert::getAlertId, Alert::getAlertType, Alert::getSeverity).containsExactly(
                tuple(LICENCE_SITUATION + "#1", AlertType.SHOCK, Severity.HIGH),
                tuple(LICENCE_SITUATION + "#2", AlertType.ESCALATION, Severity.CRITICAL));
        assertThat(out.getLast().getPreviousSeverity()).isEqualTo(Severity.HIGH);
        assertThat(out.getLast().getSupersedesAlertId()).isEqualTo(LICENCE_SITUATION + "#1");
    }

    @Test
    void aShockBelowTheMinimumSeverityRaisesNoAlert() {
        pipe(measure("minor", "rare_earths", "CN", "EXPORT_LICENCE", 32, Severity.LOW, "CN_REE", "2025-10-09").build());

        assertThat(alerts.isEmpty()).isTrue();
        assertThat(announced).isEmpty();
    }

    @Test
    void aReliefDeEscalatesTheSituationOfTheMeasureItEnds() {
        pipe(CN_LICENCE);
        pipe(relief("pause", CN_LICENCE, 48, Severity.MEDIUM, "2025-11-01").build());

        Alert last = alerts.readValuesToList().getLast();

        assertThat(last).extracting(Alert::getAlertId, Alert::getAlertType, Alert::getPreviousSeverity, Alert::getSupersedesAlertId)
                .containsExactly(LICENCE_SITUATION + "#2", AlertType.DE_ESCALATION, Severity.HIGH, LICENCE_SITUATION + "#1");
        assertThat(last.getEndedEventIds()).containsExactly("licence");
    }

    @Test
    void anAlertIsLinkedToTheEarlierAlertsOfItsStorylineOnItsOwnCommodity() {
        pipe(CN_LICENCE);
        pipe(measure("magnets", "rare_earth_magnets", "CN", "EXPORT_LICENCE", 60, Severity.HIGH, "CN_REE", "2025-10-09").build());
        pipe(measure("tariff", "rare_earths", "CN", "TARIFF", 62, Severity.HIGH, "CN_REE", "2025-10-20").build());

        List<KeyValue<String, Alert>> out = alerts.readKeyValuesToList();

        assertThat(out).extracting(kv -> kv.key).containsExactly("rare_earths", "rare_earth_magnets", "rare_earths");
        assertThat(out).extracting(kv -> kv.value.getStorylineId()).containsOnly(STORYLINE);
        // The magnets open the storyline on their commodity; the storyline across both is supply.storylines' (StorylineStageTest).
        Alert magnets = out.get(1).value;
        assertThat(magnets.getAlertId()).isEqualTo(STORYLINE + "/CN|EXPORT|rare_earth_magnets|*|2025-10-09#1");
        assertThat(magnets.getStorylineSequence()).isEqualTo(1);
        assertThat(magnets.getRelatedAlertIds()).isEmpty();
        Alert tariff = out.getLast().value;
        assertThat(tariff.getAlertId()).isEqualTo(STORYLINE + "/CN|IMPORT|rare_earths|*|2025-10-20#1");
        assertThat(tariff.getStorylineSequence()).isEqualTo(2);
        assertThat(tariff.getRelatedAlertIds()).containsExactly(LICENCE_SITUATION + "#1");
    }

    @Test
    void aSignalIsDeduplicatedOnItsOwnKey() {
        ScoredShock spike = signal("spike", "tungsten", AlertType.PRICE_SPIKE, 83, Severity.CRITICAL,
                "signal:PRICE_SPIKE|tungsten|-|2025-01-01", "2025-12-31").build();
        pipe(spike);
        pipe(spike);

        assertThat(alerts.readValuesToList()).extracting(Alert::getAlertId, Alert::getAlertType, Alert::getStorylineId)
                .containsExactly(tuple("signal:PRICE_SPIKE|tungsten|-|2025-01-01#1", AlertType.PRICE_SPIKE, null));
    }

    @Test
    void aGroupsMilestoneOnTwoCommoditiesAlertsOnceUnderItsOneKey() {
        // A grouped measure's milestone key names the group, not the commodity: the notice's licence regime on rare
        // earths and on magnet technology takes effect the same day, which is one milestone, as it always was.
        String key = "deadline:group:CN_REE|TAKES_EFFECT|2025-12-01|0";
        pipe(milestone("e1", "rare_earths", "CN_REE", AlertType.TAKES_EFFECT, 77, Severity.HIGH, key, "2025-12-01").build());
        pipe(milestone("e2", "rare_earth_magnet_technology", "CN_REE", AlertType.TAKES_EFFECT, 78, Severity.HIGH, key, "2025-12-01").build());

        List<KeyValue<String, Alert>> out = alerts.readKeyValuesToList();

        assertThat(out).hasSize(1);
        assertThat(out.getFirst().key).isEqualTo("rare_earths");
        assertThat(out.getFirst().value).extracting(Alert::getAlertId, Alert::getStorylineId, Alert::getStorylineSequence)
                .containsExactly(key + "#1", "group:CN_REE", null);
    }

    private void pipe(ScoredShock shock) {
        shocks.pipeInput(shock.getCommodity(), shock, shock.getEventTime());
    }
}
