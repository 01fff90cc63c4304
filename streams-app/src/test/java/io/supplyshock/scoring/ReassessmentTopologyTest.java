package io.supplyshock.scoring;

import io.supplyshock.testing.StatedDates;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** New evidence about an input of a situation already alerted re-scores it, and the alert follows the band. */
class ReassessmentTopologyTest {

    private final PipelineDriver pipeline = new PipelineDriver();

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void aShareLearnedAfterTheMeasureEscalatesItAndNamesTheEvidence() {
        seed("e82");                                   // China's gallium controls, nothing known of gallium yet
        Alert first = single(pipeline.shockAlerts());
        assertThat(first.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(first.getScore()).isEqualTo(47);   // 0.85 x 0.556 (unknown share: the neutral prior, the weight of 10%)

        seed("e125");                                  // CN ~98% of gallium, structural: counts from the start of history
        Alert escalation = single(pipeline.shockAlerts());
        assertThat(escalation.getAlertType()).isEqualTo(AlertType.ESCALATION);
        assertThat(escalation.getDedupKey()).isEqualTo(first.getDedupKey());
        assertThat(escalation.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(escalation.getScore()).isEqualTo(84); // 0.85 x (0.35 + 0.65 x sqrt(0.98)) = 0.85 x 0.993 = 84
        assertThat(escalation.getExplanation().getSummary()).startsWith("re-assessed on new evidence e125:").contains("CN holds 98%");
        assertThat(escalation.getExplanation().getInputs()).extracting(ExplanationInput::getName).contains("new_evidence");
        assertThat(escalation.getExplanation().getSourceEventIds()).contains("e82", "e125");

        seed("e125");                                  // the same fact again changes nothing
        assertThat(pipeline.shockAlerts()).isEmpty();
    }

    @Test
    void replayWithTheStructuralFactFirstGivesOneAlertAtTheFinalBand() {
        seed("e125", "e82");
        List<Alert> alerts = pipeline.shockAlerts();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getAlertType()).isEqualTo(AlertType.SHOCK);
            assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.getScore()).isEqualTo(84);
        });
    }

    @Test
    void aBaselineLoadedAfterHistoryEscalatesWhatItInforms() {
        seed("e97");                                   // DRC cobalt ban, no share known
        Alert first = single(pipeline.shockAlerts());
        assertThat(first.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(first.getScore()).isEqualTo(53);   // 0.95 x 0.556 (unknown share: the neutral prior, the weight of 10%)

        pipeline.pipeBaseline();
        Alert escalation = pipeline.shockAlerts().stream().filter(a -> a.getCommodity().equals("cobalt")).findFirst().orElseThrow();
        assertThat(escalation.getAlertType()).isEqualTo(AlertType.ESCALATION);
        assertThat(escalation.getSeverity()).isEqualTo(Severity.CRITICAL);
        // ban 0.95 x CD 75.9% mine (0.35 + 0.65 x sqrt(0.759) = 0.916) x alternatives 0.987 = 86
        assertThat(escalation.getScore()).isEqualTo(86);
        assertThat(escalation.getExplanation().getSummary()).contains("CD holds 75.9% of world mine supply (2024)");
        assertThat(escalation.getExplanation().getInputs()).filteredOn(i -> i.getName().equals("supply_at_risk")).singleElement()
                .satisfies(i -> assertThat(i.getNote()).contains("(USGS Mineral Commodity Summaries 2025, Cobalt"));

        pipeline.pipeBaseline();                       // republishing the baseline adds nothing
        assertThat(pipeline.shockAlerts()).isEmpty();
    }

    @Test
    void evidenceThatLowersTheBandDeEscalatesTheSameSituation() {
        pipe(share("x-structural", 90.0, null));       // a structural claim: the DRC holds 90% of cobalt mining
        seed("e97");
        Alert first = single(pipeline.shockAlerts());
        assertThat(first.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(first.getScore()).isEqualTo(92);   // 0.95 x (0.35 + 0.65 x sqrt(0.9)) = 0.95 x 0.967 = 92

        pipe(share("x-2024", 20.0, "2024"));          // a dated 2024 figure supersedes the structural one for a 2025 event
        Alert down = single(pipeline.shockAlerts());
        assertThat(down.getAlertType()).isEqualTo(AlertType.DE_ESCALATION);
        assertThat(down.getDedupKey()).isEqualTo(first.getDedupKey());
        assertThat(down.getPreviousSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(down.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(down.getScore()).isEqualTo(61);    // 0.95 x (0.35 + 0.65 x sqrt(0.2)) = 0.95 x 0.641 = 61
        assertThat(down.getExplanation().getSummary()).startsWith("re-assessed on new evidence x-2024");
    }

    @Test
    void aShareLearnedAfterADisruptionReassessesItToTheScoreItWouldHaveHadWithTheShareFirst() {
        pipeline.pipe(Topics.DISRUPTION_EVENTS, "cobalt", mineAccident(), mineAccident().getEventTime());
        Alert first = single(pipeline.shockAlerts());
        assertThat(first.getExplanation().getSummary()).contains("no supply share known for CD");

        pipe(share("x-structural", 70.0, null));
        Alert escalation = single(pipeline.shockAlerts());
        assertThat(escalation.getAlertType()).isEqualTo(AlertType.ESCALATION);
        assertThat(escalation.getDedupKey()).isEqualTo(first.getDedupKey());
        assertThat(escalation.getScore()).isGreaterThan(first.getScore());
        assertThat(escalation.getExplanation().getSummary()).startsWith("re-assessed on new evidence x-structural:").contains("CD holds 70%");

        pipe(share("x-structural", 70.0, null));         // the same fact again changes nothing
        assertThat(pipeline.shockAlerts()).isEmpty();

        // The other arrival order ends in the same assessment, in one alert.
        try (PipelineDriver shareFirst = new PipelineDriver()) {
            MarketEvent structural = share("x-structural", 70.0, null);
            shareFirst.pipe(Topics.MARKET_EVENTS, "cobalt", structural, structural.getEventTime());
            shareFirst.pipe(Topics.DISRUPTION_EVENTS, "cobalt", mineAccident(), mineAccident().getEventTime());
            Alert only = single(shareFirst.shockAlerts());
            assertThat(only.getSeverity()).isEqualTo(escalation.getSeverity());
            assertThat(only.getScore()).isEqualTo(escalation.getScore());
        }
    }

    private static DisruptionEvent mineAccident() {
        return DisruptionEvent.newBuilder(ReferenceData.disruption("e86")).setEventId("x-accident").setCommodity("cobalt")
                .setKind(DisruptionKind.ACCIDENT).setRawSubtype("mine_collapse").setCountry("CD").setAffectedCountry(null)
                .setEventTime(Instant.parse("2025-06-01T00:00:00Z")).setStartDate(StatedDates.of("2025-06"))
                .setProvenance(io.supplyshock.schema.Provenance.newBuilder(ReferenceData.disruption("e86").getProvenance()).setGroup("x-accident").build())
                .build();
    }

    @Test
    void aPausedMeasureIsNotReassessed() {
        seed("e1", "e87", "e89");                      // licence regime, then paused
        pipeline.shockAlerts();
        seed("e47");                                   // a share that would raise e1 arrives after the pause
        assertThat(pipeline.shockAlerts()).isEmpty();
    }

    @Test
    void aFactThatInformsNoScoreReassessesNothing() {
        seed("e97");
        pipeline.shockAlerts();
        seed("e172");                                  // a cobalt price move: not an input of the ban's score
        assertThat(pipeline.shockAlerts()).isEmpty();
    }

    private static MarketEvent share(String id, double pct, String observed) {
        return MarketEvent.newBuilder(ReferenceData.market("e47")).setEventId(id).setCommodity("cobalt").setCountry("CD")
                .setStage(SupplyStage.MINE).setValue(pct)
                .setObservedDate(observed == null ? null : StatedDates.of(observed))
                .setEventTime(observed == null ? Instant.EPOCH : StatedDates.start(observed))
                .build();
    }

    private void pipe(MarketEvent e) {
        pipeline.pipe(Topics.MARKET_EVENTS, e.getCommodity(), e, e.getEventTime());
    }

    private void seed(String... ids) {
        for (String id : ids) pipeline.pipe(ReferenceData.seedById().get(id));
    }

    private static Alert single(List<Alert> alerts) {
        assertThat(alerts).hasSize(1);
        return alerts.getFirst();
    }
}
