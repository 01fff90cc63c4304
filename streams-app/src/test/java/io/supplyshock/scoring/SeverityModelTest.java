package io.supplyshock.scoring;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.domain.CommodityStates;

import static io.supplyshock.testing.Folds.fold;
import static io.supplyshock.testing.Folds.market;
import static io.supplyshock.testing.Folds.policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SeverityModelTest {

    @Test
    void e1AgainstChinasProcessingShareScores77RaisedToCriticalByConcentration() {
        CommodityState withE47 = fold("rare_earths", market("e47"));

        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e1"), withE47, List.of());

        // 0.85 (export licence) x 1.0 (impose) x (0.4 + 0.6 x 0.92) x 1.0 (all destinations) x 0.95 (53 days) = 0.7687
        // 77 is HIGH; CN's 92% of processing is above the 65% single-country cap, so one band up.
        assertThat(s.score()).isEqualTo(77);
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(input(s, "concentration").getValue()).isEqualTo("CN 92% PROCESSING > 65% cap");
        assertThat(input(s, "concentration").getNote()).contains("raised from HIGH to CRITICAL");
        assertThat(s.summary()).contains("above the 65% single-country cap: severity raised to CRITICAL");
        assertThat(s.direction()).isEqualTo(ShockDirection.ESCALATION);
        assertThat(input(s, "issuer_share").getValue()).isEqualTo("CN 92% PROCESSING");
        assertThat(input(s, "issuer_share").getFactor()).isEqualTo(0.952);
        assertThat(input(s, "stringency").getFactor()).isEqualTo(0.85);
        assertThat(input(s, "action").getFactor()).isEqualTo(1.0);
        assertThat(input(s, "breadth").getFactor()).isEqualTo(1.0);
        assertThat(input(s, "time_to_effect").getValue()).isEqualTo("53 days (effective 2025-12-01)");
        assertThat(input(s, "time_to_effect").getFactor()).isEqualTo(0.95);
        assertThat(s.sourceEventIds()).containsExactly("e1", "e47");
        assertThat(s.summary()).contains("CN holds 92% of world processing supply (e47)");
    }

    @Test
    void concentrationAtOrBelowTheCapLeavesTheBandAlone() {
        CommodityState withE47 = fold("rare_earths", market("e47"));

        SeverityModel.Score capAt92 = SeverityModel.scorePolicy(ReferenceData.policy("e1"), withE47, List.of(), 92.0);
        SeverityModel.Score capAt91 = SeverityModel.scorePolicy(ReferenceData.policy("e1"), withE47, List.of(), 91.0);

        assertThat(capAt92.severity()).isEqualTo(Severity.HIGH);
        assertThat(capAt92.inputs()).extracting(i -> i.getName()).doesNotContain("concentration");
        assertThat(capAt91.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void anUnknownShareIsNotRaised() {
        SeverityModel.Score noShare = SeverityModel.scorePolicy(ReferenceData.policy("e1"), CommodityStates.empty("rare_earths"), List.of());
        assertThat(noShare.severity()).isEqualTo(SeverityModel.severityOf(noShare.score()));
        assertThat(noShare.inputs()).extracting(i -> i.getName()).doesNotContain("concentration");
    }

    @Test
    void scoreIsTheProductOfTheListedFactors() {
        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e1"), fold("rare_earths", market("e47")), List.of());

        double product = s.inputs().stream().mapToDouble(ExplanationInput::getFactor).reduce(1.0, (a, b) -> a * b);

        assertThat((int) Math.round(100 * product)).isEqualTo(s.score());
    }

    @Test
    void e1WithoutAnyKnownShareFallsBackToTheShareFloor() {
        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e1"), CommodityStates.empty("rare_earths"), List.of());

        // 0.85 x 1.0 x 0.4 (unknown share) x 1.0 x 0.95 = 0.323
        assertThat(s.score()).isEqualTo(32);
        assertThat(s.severity()).isEqualTo(Severity.LOW);
        assertThat(input(s, "issuer_share").getValue()).isEqualTo("unknown");
        assertThat(input(s, "issuer_share").getFactor()).isEqualTo(0.4);
        assertThat(s.sourceEventIds()).containsExactly("e1");
    }

    @Test
    void threatScoresHalfOfTheSameMeasureImposed() {
        PolicyEvent threat = ReferenceData.policy("e147"); // US threatens 100% tariff on TW semiconductors
        assertThat(threat.getAction()).isEqualTo(PolicyAction.THREATEN);
        PolicyEvent imposed = PolicyEvent.newBuilder(threat).setAction(PolicyAction.IMPOSE).build();
        CommodityState state = CommodityStates.empty("semiconductors");

        SeverityModel.Score threatScore = SeverityModel.scorePolicy(threat, state, List.of());
        SeverityModel.Score imposedScore = SeverityModel.scorePolicy(imposed, state, List.of());

        // 0.75 (100-point tariff) x 0.4 x 0.75 (bilateral) x 0.95 (14 days) = 0.2138 imposed, half of it threatened
        assertThat(imposedScore.score()).isEqualTo(21);
        assertThat(threatScore.score()).isEqualTo(11);
        assertThat(input(threatScore, "action").getFactor()).isEqualTo(0.5);
        assertThat(input(imposedScore, "action").getFactor()).isEqualTo(1.0);
        assertThat((double) threatScore.score()).isCloseTo(imposedScore.score() / 2.0, within(1.0));
    }

    @Test
    void tariffStringencyGrowsWithTheRateChange() {
        PolicyEvent e69 = ReferenceData.policy("e69"); // US 50% copper tariff, in effect
        PolicyEvent fivePct = PolicyEvent.newBuilder(e69).setValue(5.0).build();
        CommodityState state = CommodityStates.empty("copper");

        SeverityModel.Score fifty = SeverityModel.scorePolicy(e69, state, List.of());
        SeverityModel.Score five = SeverityModel.scorePolicy(fivePct, state, List.of());

        assertThat(input(fifty, "stringency").getValue()).isEqualTo("TARIFF 0 -> 50 pct");
        assertThat(input(fifty, "stringency").getFactor()).isEqualTo(0.5);   // 0.25 + 0.5 x 50/100
        assertThat(input(five, "stringency").getFactor()).isEqualTo(0.275);   // 0.25 + 0.5 x 5/100
        assertThat(fifty.score()).isEqualTo(20);
        assertThat(five.score()).isEqualTo(11);
        assertThat(fifty.severity()).isEqualTo(Severity.LOW);
        assertThat(five.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void pauseOfE1AndE87IsAMediumDeEscalation() {
        CommodityState before = fold("rare_earths", market("e47"), policy("e1"), policy("e87"));
        CommodityStates.Applied applied = CommodityStates.apply(before, policy("e89"));
        List<Measure> ended = before.getMeasures().stream().filter(m -> applied.endedEventIds().contains(m.getEventId())).toList();

        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e89"), before, ended);

        // 0.6 (pause) x 0.85 (strongest ended: export licence/control) x 0.952 (CN 92%) = 0.4855
        assertThat(s.direction()).isEqualTo(ShockDirection.DE_ESCALATION);
        assertThat(s.score()).isEqualTo(49);
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(input(s, "relief").getFactor()).isEqualTo(0.6);
        assertThat(input(s, "ended_measures").getValue()).isEqualTo("e1,e87");
        assertThat(s.sourceEventIds()).containsExactly("e89", "e1", "e87", "e47");
        assertThat(s.summary()).contains("until 2026-11-01").contains("ends 2 measure(s): e1, e87");
    }

    @Test
    void pauseThatEndsNothingKnownIsAWeakDeEscalation() {
        CommodityState onlyShare = fold("rare_earths", market("e47"));

        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e89"), onlyShare, List.of());

        // 0.6 x (0.85 x 0.3 unmatched) x 0.952 = 0.1457
        assertThat(s.direction()).isEqualTo(ShockDirection.DE_ESCALATION);
        assertThat(s.score()).isEqualTo(15);
        assertThat(s.severity()).isEqualTo(Severity.INFO);
        assertThat(input(s, "ended_measures").getValue()).isEqualTo("none known");
    }

    @Test
    void supplyNeutralInstrumentIsNotAnEscalation() {
        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e5"), CommodityStates.empty("rare_earths"), List.of());

        assertThat(s.direction()).isEqualTo(ShockDirection.NEUTRAL);
    }

    @Test
    void earthquakeInTaiwanScoresAsNaturalDisasterWithUnknownShare() {
        SeverityModel.Score s = SeverityModel.scoreDisruption(ReferenceData.disruption("e163"), CommodityStates.empty("semiconductors"));

        // 0.7 (natural disaster) x 0.4 (no known share) = 0.28
        assertThat(s.score()).isEqualTo(28);
        assertThat(s.severity()).isEqualTo(Severity.LOW);
        assertThat(input(s, "disruption_kind").getValue()).isEqualTo("NATURAL_DISASTER");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, INFO", "19, INFO", "20, LOW", "39, LOW", "40, MEDIUM", "59, MEDIUM", "60, HIGH", "79, HIGH", "80, CRITICAL", "100, CRITICAL"})
    void severityBands(int score, Severity severity) {
        assertThat(SeverityModel.severityOf(score)).isEqualTo(severity);
    }

    private static ExplanationInput input(SeverityModel.Score s, String name) {
        return s.inputs().stream().filter(i -> i.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no input '" + name + "' in " + s.inputs()));
    }

}
