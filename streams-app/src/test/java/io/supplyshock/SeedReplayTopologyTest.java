package io.supplyshock;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Severity;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole seed file through the whole topology: every fact accounted for, and replay gives the same answer. */
class SeedReplayTopologyTest {

    @Test
    void everySeedFactUpdatesStateAndNoneIsDeadLettered() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            ReferenceData.seedEvents().forEach(pipeline::pipe);
            assertThat(pipeline.deadLetters()).isEmpty();
            var states = pipeline.states();
            assertThat(states).extracting(s -> s.getCommodity()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ReferenceData.seedEvents().stream().map(e -> e.key()).distinct().toList());
            assertThat(states.stream().mapToLong(s -> s.getEventCount()).sum()).isEqualTo(ReferenceData.seedEvents().size());
        }
    }

    @Test
    void replayingTheSeedGivesTheSameAlertsAsTheFirstRun() {
        List<String> first;
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.pipeBaseline();
            ReferenceData.seedEvents().forEach(pipeline::pipe);
            first = describe(pipeline.alerts());
        }
        String notice = "group:CN_REE_EXPORT_CTRL_2025-10-09/CN|EXPORT|rare_earths|*|2025-10-09";
        assertThat(first).contains(
                // licence 0.85 x CN 70% of world exports (0.35 + 0.65 x sqrt(0.7) = 0.894) x 53 days 0.95 = 72: HIGH, no band
                // raise for CN's 92% processing share above the cap
                notice + "#1 SHOCK HIGH 72",
                // the pause de-escalates the licence regime it ends, in that situation: 0.6 x 0.85 x 0.894 = 46
                notice + "#2 DE_ESCALATION MEDIUM 46",
                // 0.85 x CN 98.7% refined (a later baseline figure: 0.35 + 0.65 x sqrt(0.987) = 0.996) = 85
                "group:CN_GA_GE_CTRL/CN|EXPORT|gallium|*|2023-07-01#1 SHOCK CRITICAL 85",
                // 0.85 x CN 98% market (e126: 0.993) = 84
                "group:CN_GA_GE_CTRL/CN|EXPORT|germanium|*|2023-07-01#1 SHOCK CRITICAL 84",
                // 0.95 x CD 75.9% mine (0.916) x alternatives 0.987 = 86
                "group:DRC_COBALT/CD|EXPORT|cobalt|*|2025-02-01#1 SHOCK CRITICAL 86",
                // 50-point step 0.795 x reliance 46% 0.676 x US 6.7% of world use 0.8 = 43
                "group:US_232_COPPER/US|IMPORT|copper|*|2025-07-01#1 SHOCK MEDIUM 43");
        // the quota that replaced the DRC's ban is its own situation of the same storyline
        assertThat(first).anyMatch(a -> a.startsWith("group:DRC_COBALT/CD|EXPORT|cobalt|*|2025-11-01#1 SHOCK"));
        // e87 (0.85 x 0.894 x in effect 1.0 = 76, HIGH) restates e1's notice at the same band, so it repeats that situation
        // rather than escalating it.
        assertThat(first).noneMatch(a -> a.startsWith(notice + "#") && a.contains(" ESCALATION "));
        // four countries' measures under one producer group: four situations
        assertThat(first.stream().filter(a -> a.startsWith("group:RESOURCE_NATIONALISM/")).map(a -> a.substring(0, a.indexOf('|'))))
                .containsExactlyInAnyOrder("group:RESOURCE_NATIONALISM/MW", "group:RESOURCE_NATIONALISM/GA",
                        "group:RESOURCE_NATIONALISM/GN", "group:RESOURCE_NATIONALISM/ZW");

        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.pipeBaseline();
            ReferenceData.seedEvents().forEach(pipeline::pipe);
            assertThat(describe(pipeline.alerts())).isEqualTo(first);
            // Publishing the baseline and the same file again (a rerun of the demo) is recognised as repeats,
            // the baseline's re-assessments included.
            // KNOWN FAILURE since 6d0ec18 (suspected bug, reported, not in the test): e70 (CN 70% of critical_minerals
            // processing) and e123 (CN 90%) are both structural; between two undated figures the one received last
            // stands (CommodityStates.supersedes), so re-publishing e70 flips the state back to 70% and re-assesses the
            // US lead-time disruptions e50 and e128 (0.3 x US <= 30% processing 0.706 = 21, LOW) before e123 takes them
            // back to INFO 17 (0.3 x 0.556). Under the old linear weight both were INFO (16 and 12), so no alert showed it.
            pipeline.pipeBaseline();
            ReferenceData.seedEvents().forEach(pipeline::pipe);
            assertThat(pipeline.alerts()).isEmpty();
        }
    }

    @Test
    void alertsAboveInfoOnlyAndEachCarriesItsExplanation() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            ReferenceData.seedEvents().forEach(pipeline::pipe);
            List<Alert> alerts = pipeline.alerts();
            assertThat(alerts).isNotEmpty().allSatisfy(a -> {
                assertThat(a.getSeverity()).isNotEqualTo(Severity.INFO);
                assertThat(a.getExplanation().getInputs()).isNotEmpty();
                assertThat(a.getExplanation().getSourceEventIds()).isNotEmpty();
            });
            assertThat(alerts).filteredOn(a -> a.getAlertType() == AlertType.SHOCK).extracting(Alert::getDedupKey).doesNotHaveDuplicates();
        }
    }

    private static List<String> describe(List<Alert> alerts) {
        return alerts.stream().map(a -> a.getAlertId() + " " + a.getAlertType() + " " + a.getSeverity() + " " + a.getScore()).toList();
    }
}
