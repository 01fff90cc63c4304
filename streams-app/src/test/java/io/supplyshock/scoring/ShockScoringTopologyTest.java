package io.supplyshock.scoring;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Scores are observed on the alerts, the first place a scored shock leaves the topology. */
class ShockScoringTopologyTest {

    private final PipelineDriver pipeline = new PipelineDriver();

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void scoredShockExplanationListsEveryInput() {
        seed("e47", "e1");

        Alert alert = single(pipeline.shockAlerts());

        // no export share known: CN's 92% processing share stands in; 0.85 x 1.0 x (0.35 + 0.65 x sqrt(0.92)) x 1.0 x 0.95
        // = 0.85 x 0.973 x 0.95 = 79
        assertThat(alert.getScore()).isEqualTo(79);
        assertThat(alert.getExplanation().getInputs()).extracting(ExplanationInput::getName)
                .containsExactly("instrument_class", "stringency", "action", "supply_at_risk", "breadth", "time_to_effect", "concentration");
        assertThat(alert.getExplanation().getInputs()).extracting(ExplanationInput::getValue)
                .containsExactly("EXPORT_SIDE", "EXPORT_LICENCE", "IMPOSE", "CN 92% PROCESSING (production share)", "all destinations",
                        "53 days (effective 2025-12-01)", "CN 92% PROCESSING > 65% cap");
        assertThat(alert.getExplanation().getInputs()).extracting(ExplanationInput::getFactor)
                .containsExactly(1.0, 0.85, 1.0, 0.973, 1.0, 0.95, 1.0);
        // concentration counts once, in the share: the band follows the score (79 is HIGH), no raise
        assertThat(alert.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(alert.getExplanation().getSummary()).doesNotContain("severity raised");
        assertThat(alert.getExplanation().getSourceEventIds()).containsExactly("e1", "e47");
        assertThat(alert.getExplanation().getSourceSummary()).isEqualTo(ReferenceData.policy("e1").getProvenance().getSummary());
        assertThat(alert.getExplanation().getQuote()).contains("出口");
    }

    @Test
    void shockIsScoredAgainstTheStateAtItsEventTimeNotTheNewest() {
        // e81 (CN 90%, 2025-12) arrives before e1 (2025-10-09) but is not yet known at e1's event time
        seed("e47", "e81", "e1");

        Alert alert = single(pipeline.shockAlerts());

        assertThat(input(alert, "supply_at_risk").getValue()).isEqualTo("CN 92% PROCESSING (production share)");
        // 0.85 x 0.973 x 0.95 = 79 (with e81's 90% it would be 0.85 x 0.967 x 0.95 = 78)
        assertThat(alert.getScore()).isEqualTo(79);
    }

    @Test
    void marketFactsProduceNoAlert() {
        seed("e3", "e46", "e47", "e81", "e15", "e33", "e118");

        assertThat(pipeline.shockAlerts()).isEmpty();
        // every fact folded into its commodity's state
        assertThat(pipeline.states().stream().mapToLong(s -> s.getEventCount()).sum()).isEqualTo(7);
    }

    @Test
    void curatedProfileRaisesTheScoreOfAMeasureByTheDominantSupplier() {
        // Without a share, e82 (CN export control on gallium, 2023-07) scores on the neutral prior of a 10% share:
        // 0.85 x (0.35 + 0.65 x sqrt(0.10)) = 0.85 x 0.556 = 47.
        // With CN's 98% (seed e125) curated beforehand: 0.85 x (0.35 + 0.65 x sqrt(0.98)) = 0.85 x 0.993 = 84.
        CommoditySupplyProfile gallium = CommoditySupplyProfile.newBuilder()
                .setCommodity("gallium")
                .setShares(List.of(SupplyShare.newBuilder().setCountry("CN").setStage(SupplyStage.MARKET)
                        .setSharePct(98.0).setSource("e125").setAsOf(LocalDate.of(2023, 1, 1)).build()))
                .setSource("curated-e125")
                .build();
        pipeline.pipe(Topics.COMMODITY_PROFILES, "gallium", gallium, Instant.parse("2023-01-01T00:00:00Z"));

        seed("e82");

        Alert alert = single(pipeline.shockAlerts());
        assertThat(alert.getScore()).isEqualTo(84);
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(input(alert, "supply_at_risk").getValue()).isEqualTo("CN 98% MARKET (production share)");
        assertThat(input(alert, "supply_at_risk").getFactor()).isEqualTo(0.993);
        assertThat(alert.getExplanation().getSourceEventIds()).containsExactly("e82", "e125");
    }

    @Test
    void withoutAProfileTheSameMeasureScoresOnTheNeutralSharePrior() {
        seed("e82");

        Alert alert = single(pipeline.shockAlerts());
        // an unknown share takes the weight of 10%: 0.85 x (0.35 + 0.65 x sqrt(0.10)) = 0.85 x 0.556 = 47
        assertThat(alert.getScore()).isEqualTo(47);
        assertThat(alert.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(input(alert, "supply_at_risk").getValue()).isEqualTo("unknown");
        assertThat(input(alert, "supply_at_risk").getFactor()).isEqualTo(0.556);
        assertThat(alert.getExplanation().getSummary()).endsWith("; unknown, at neutral priors: supply_at_risk");
    }

    @Test
    void disruptionIsScoredByItsKind() {
        seed("e163");

        Alert alert = single(pipeline.shockAlerts());
        assertThat(alert.getInstrument()).isEqualTo("NATURAL_DISASTER");
        assertThat(alert.getAction()).isNull();
        // earthquake 0.7 x TW's share unknown, at the neutral prior of 10% (0.556) x M7 stated 1.0 = 39
        assertThat(alert.getScore()).isEqualTo(39);
        assertThat(alert.getExplanation().getInputs()).extracting(ExplanationInput::getName)
                .containsExactly("disruption_kind", "site_share", "magnitude");
        assertThat(alert.getExplanation().getSummary()).endsWith("; unknown, at neutral priors: site_share");
        assertThat(alert.getCountries()).containsExactly("TW");
        assertThat(alert.getCommodity()).isEqualTo("semiconductors");
    }

    @Test
    void pauseIsScoredAsReliefOfTheMeasuresItEnds() {
        seed("e47", "e1", "e87", "e89");

        Alert relief = pipeline.shockAlerts().stream().filter(a -> a.getAction().equals("PAUSE")).findFirst().orElseThrow();

        // pause 0.6 x strongest ended measure (licence) 0.85 x CN 92% processing 0.973 = 50
        assertThat(relief.getScore()).isEqualTo(50);
        assertThat(input(relief, "ended_measures").getValue()).isEqualTo("e1,e87");
        assertThat(relief.getExplanation().getSummary()).contains("until 2026-11-01");
    }

    private void seed(String... ids) {
        for (String id : ids) pipeline.pipe(ReferenceData.seedById().get(id));
    }

    private static Alert single(List<Alert> alerts) {
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }

    private static ExplanationInput input(Alert alert, String name) {
        return alert.getExplanation().getInputs().stream().filter(i -> i.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no input " + name));
    }
}
