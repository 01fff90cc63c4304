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

        assertThat(alert.getScore()).isEqualTo(77);
        assertThat(alert.getExplanation().getInputs()).extracting(ExplanationInput::getName)
                .containsExactly("instrument_class", "stringency", "action", "issuer_share", "breadth", "time_to_effect", "concentration");
        assertThat(alert.getExplanation().getInputs()).extracting(ExplanationInput::getValue)
                .containsExactly("EXPORT_SIDE", "EXPORT_LICENCE", "IMPOSE", "CN 92% PROCESSING", "all destinations", "53 days (effective 2025-12-01)",
                        "CN 92% PROCESSING > 65% cap");
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.getExplanation().getSourceEventIds()).containsExactly("e1", "e47");
        assertThat(alert.getExplanation().getSourceSummary()).isEqualTo(ReferenceData.policy("e1").getProvenance().getSummary());
        assertThat(alert.getExplanation().getQuote()).contains("出口");
    }

    @Test
    void shockIsScoredAgainstTheStateAtItsEventTimeNotTheNewest() {
        // e81 (CN 90%, 2025-12) arrives before e1 (2025-10-09) but is not yet known at e1's event time
        seed("e47", "e81", "e1");

        Alert alert = single(pipeline.shockAlerts());

        assertThat(input(alert, "issuer_share").getValue()).isEqualTo("CN 92% PROCESSING");
        assertThat(alert.getScore()).isEqualTo(77);
    }

    @Test
    void marketFactsProduceNoAlert() {
        seed("e3", "e46", "e47", "e81", "e15", "e33", "e118");

        assertThat(pipeline.shockAlerts()).isEmpty();
        assertThat(pipeline.states()).hasSize(7);
    }

    @Test
    void curatedProfileRaisesTheScoreOfAMeasureByTheDominantSupplier() {
        // Without a share, e82 (CN export control on gallium, 2023-07) scores 0.85 x 0.4 = 34.
        // With CN's 98% (seed e125) curated beforehand: 0.85 x (0.4 + 0.6 x 0.98) = 84.
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
        assertThat(input(alert, "issuer_share").getValue()).isEqualTo("CN 98% MARKET");
        assertThat(alert.getExplanation().getSourceEventIds()).containsExactly("e82", "e125");
    }

    @Test
    void withoutAProfileTheSameMeasureScoresOnTheShareFloor() {
        seed("e82");

        Alert alert = single(pipeline.shockAlerts());
        assertThat(alert.getScore()).isEqualTo(34);
        assertThat(alert.getSeverity()).isEqualTo(Severity.LOW);
    }

    @Test
    void disruptionIsScoredByItsKind() {
        seed("e163");

        Alert alert = single(pipeline.shockAlerts());
        assertThat(alert.getInstrument()).isEqualTo("NATURAL_DISASTER");
        assertThat(alert.getAction()).isNull();
        assertThat(alert.getScore()).isEqualTo(28);
        assertThat(alert.getCountries()).containsExactly("TW");
        assertThat(alert.getCommodity()).isEqualTo("semiconductors");
    }

    @Test
    void pauseIsScoredAsReliefOfTheMeasuresItEnds() {
        seed("e47", "e1", "e87", "e89");

        Alert relief = pipeline.shockAlerts().stream().filter(a -> a.getAction().equals("PAUSE")).findFirst().orElseThrow();

        assertThat(relief.getScore()).isEqualTo(48);
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
