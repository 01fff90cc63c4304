package io.supplyshock.scoring;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.ShockDirection;
import io.supplyshock.testing.Baseline;
import io.supplyshock.testing.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.supplyshock.testing.Folds.fold;
import static io.supplyshock.testing.Folds.market;
import static io.supplyshock.testing.Folds.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The model per instrument class, with every factor recomputed by hand from the seed and the shipped baseline. */
class SeverityModelTest {

    // ---- export side ----

    @Test
    void e1AgainstChinasProcessingShareScores79HighAndCountsTheConcentrationOnce() {
        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e1"), fold("rare_earths", market("e47")), List.of());

        // No export share of CN is known, so its production share stands in: 0.35 + 0.65 x sqrt(0.92) = 0.973.
        // 0.85 (licence) x 1 (imposed) x 0.973 (supply at risk) x 1 (every destination) x 0.95 (53 days to effect) = 0.786 -> 79
        assertThat(input(s, "supply_at_risk").getValue()).isEqualTo("CN 92% PROCESSING (production share)");
        assertThat(input(s, "supply_at_risk").getFactor()).isEqualTo(0.973);
        assertThat(input(s, "supply_at_risk").getNote()).contains("production share stands in", "e47, as of 2023");
        assertThat(s.inputs()).extracting(ExplanationInput::getName).doesNotContain("issuer_share");
        assertThat(s.score()).isEqualTo(79);
        // the band follows the score: 92% > 65% is explained, not raised a band
        assertThat(s.severity()).isEqualTo(Severity.HIGH);
        assertThat(input(s, "concentration").getValue()).isEqualTo("CN 92% PROCESSING > 65% cap");
        assertThat(input(s, "concentration").getFactor()).isEqualTo(1.0);
        assertThat(s.sourceEventIds()).containsExactly("e1", "e47");
    }

    @Test
    void theSourcingCapDecidesOnlyWhetherTheConcentrationFactIsShownNeverTheBand() {
        CommodityState withE47 = fold("rare_earths", market("e47"));
        SeverityModel.Score atTheCap = SeverityModel.scorePolicy(ReferenceData.policy("e1"), withE47, List.of(), 92.0);
        SeverityModel.Score belowTheShare = SeverityModel.scorePolicy(ReferenceData.policy("e1"), withE47, List.of(), 91.0);

        // both 0.85 x 1 x 0.973 x 1 x 0.95 = 0.786 -> 79 HIGH, whatever the cap
        assertThat(atTheCap.score()).isEqualTo(79);
        assertThat(atTheCap.severity()).isEqualTo(Severity.HIGH);
        assertThat(atTheCap.inputs()).extracting(ExplanationInput::getName).doesNotContain("concentration");
        assertThat(belowTheShare.score()).isEqualTo(79);
        assertThat(belowTheShare.severity()).isEqualTo(Severity.HIGH);
        assertThat(input(belowTheShare, "concentration").getValue()).isEqualTo("CN 92% PROCESSING > 91% cap");
        assertThat(input(belowTheShare, "concentration").getFactor()).isEqualTo(1.0);
    }

    @Test
    void e97IsScoredWithTheDrcsShareFromTheBaseline() {
        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e97"), Baseline.stateWith("cobalt"), List.of());

        // supply at risk: no export share of CD known, its mine share stands in: 0.35 + 0.65 x sqrt(0.759) = 0.916
        // alternatives: ID 9.7% and RU 3% share the rest, concentration (9.7/12.7)^2 + (3/12.7)^2 = 0.64:
        //   1 - 0.15 x (1 - 0.64) x (1 - 0.759) = 0.987
        // 0.95 (ban) x 1 (imposed) x 0.916 x 0.987 x 1 (every destination) x 1 (in effect) = 0.859 -> 86 CRITICAL by its score
        assertThat(input(s, "supply_at_risk").getValue()).isEqualTo("CD 75.9% MINE (production share)");
        assertThat(input(s, "supply_at_risk").getFactor()).isEqualTo(0.916);
        assertThat(input(s, "supply_at_risk").getNote()).contains("USGS Mineral Commodity Summaries 2025", "as of 2024", "estimate");
        assertThat(input(s, "alternatives").getFactor()).isEqualTo(0.987);
        assertThat(input(s, "concentration").getFactor()).isEqualTo(1.0);
        assertThat(s.score()).isEqualTo(86);
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.summary()).doesNotContain("unknown");
        // a baseline row is cited in the explanation, not as a source event
        assertThat(s.sourceEventIds()).containsExactly("e97");
    }

    @Test
    void aCountryMissingFromAWellCoveredStageIsBoundedByWhatTheListedProducersLeave() {
        PolicyEvent zambia = PolicyEvent.newBuilder(ReferenceData.policy("e97")).setEventId("x1").setIssuerCountry("ZM").build();
        SeverityModel.Score s = SeverityModel.scorePolicy(zambia, Baseline.stateWith("cobalt"), List.of());

        // the listed mine producers hold 88.6%, the smallest of them 3%: ZM holds at most 3%, 0.35 + 0.65 x sqrt(0.03) = 0.463
        // alternatives: CD, ID, RU, concentration 0.75: 1 - 0.15 x (1 - 0.75) x (1 - 0.03) = 0.963
        // 0.95 (ban) x 1 x 0.463 x 0.963 x 1 x 1 = 0.423 -> 42
        ExplanationInput share = input(s, "supply_at_risk");
        assertThat(share.getValue()).isEqualTo("ZM <= 3% MINE");
        assertThat(share.getNote()).contains("not among the listed");
        assertThat(share.getFactor()).isEqualTo(0.463);
        assertThat(input(s, "alternatives").getFactor()).isEqualTo(0.963);
        assertThat(s.score()).isEqualTo(42);
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.summary()).doesNotContain("neutral priors");
    }

    @Test
    void aCommodityNobodyHasFiguresForTakesTheNeutralPriorOfATenthOfWorldSupply() {
        PolicyEvent e = PolicyEvent.newBuilder(ReferenceData.policy("e97")).setCommodity("unobtainium").build();
        SeverityModel.Score s = SeverityModel.scorePolicy(e, CommodityStates.empty("unobtainium"), List.of());

        // the prior is the weight of a 10% share: 0.35 + 0.65 x sqrt(0.1) = 0.556
        assertThat(input(s, "supply_at_risk").getValue()).isEqualTo("unknown");
        assertThat(input(s, "supply_at_risk").getFactor()).isEqualTo(0.556);
        assertThat(input(s, "supply_at_risk").getNote()).startsWith("neutral prior: ");
        assertThat(s.score()).isEqualTo(53); // 0.95 (ban) x 1 x 0.556 x 1 x 1 = 0.528
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.summary()).endsWith("; unknown, at neutral priors: supply_at_risk");
    }

    @Test
    void unclassifiedWordingIsNeverScoredAsARestriction() {
        CommodityState state = fold("rare_earths", market("e47"));
        PolicyEvent unknown = PolicyEvent.newBuilder(ReferenceData.policy("e1"))
                .setAction(PolicyAction.OTHER).setRawSubtype("export_inspection_regime").build();

        SeverityModel.Score s = SeverityModel.scorePolicy(unknown, state, List.of());

        assertThat(s.score()).isZero();
        assertThat(s.severity()).isEqualTo(Severity.INFO);
        assertThat(s.direction()).isEqualTo(io.supplyshock.schema.ShockDirection.NEUTRAL);
        assertThat(s.summary()).startsWith("unclassified wording: export_inspection_regime");
        assertThat(io.supplyshock.state.Measures.tightens(PolicyAction.OTHER)).isFalse();
        assertThat(io.supplyshock.state.Measures.relieves(PolicyAction.OTHER)).isFalse();
    }

    @Test
    void threatScoresHalfOfTheSameMeasureImposed() {
        CommodityState state = fold("rare_earths", market("e47"));
        PolicyEvent imposed = ReferenceData.policy("e1");
        PolicyEvent threat = PolicyEvent.newBuilder(imposed).setAction(PolicyAction.THREATEN).build();

        int imposedScore = SeverityModel.scorePolicy(imposed, state, List.of()).score();
        int threatScore = SeverityModel.scorePolicy(threat, state, List.of()).score();

        assertThat((double) threatScore).isCloseTo(imposedScore / 2.0, within(1.0));
    }

    @Test
    void aBilateralExportMeasureWeighsByTheTargetsImportReliance() {
        // e124: CN restricts antimony exports to the US; the US imports 82% of its antimony (USGS, 2023)
        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e124"), Baseline.stateWith("antimony"), List.of());

        assertThat(input(s, "breadth").getFactor()).isEqualTo(0.846); // 0.6 + 0.3 x 0.82
        // CN's largest production share is now its 60% of mine output (2024); 0.35 + 0.65 x sqrt(0.6) = 0.853;
        // the rest of mine supply is TJ alone (concentration 1), so alternatives 1
        assertThat(input(s, "supply_at_risk").getValue()).isEqualTo("CN 60% MINE (production share)");
        assertThat(input(s, "supply_at_risk").getFactor()).isEqualTo(0.853);
        // 0.85 (control) x 1 x 0.853 x 1 (alternatives) x 0.846 x 0.9 (no effective date) = 0.552 -> 55
        assertThat(s.score()).isEqualTo(55);
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
    }

    // ---- import side ----

    @Test
    void e69IsExplainedByTheRateStepAndUsImportRelianceNotByUsSupply() {
        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e69"), Baseline.stateWith("copper"), List.of());

        assertThat(input(s, "rate_step").getValue()).isEqualTo("0% -> 50% (50 points)");
        assertThat(input(s, "rate_step").getFactor()).isEqualTo(0.795);                 // 0.3 + 0.7 x sqrt(0.5)
        assertThat(input(s, "import_reliance").getValue()).isEqualTo("US 46%");
        assertThat(input(s, "import_reliance").getFactor()).isEqualTo(0.676);           // 0.4 + 0.6 x 0.46
        assertThat(input(s, "importer_demand_share").getFactor()).isEqualTo(0.8); // 1.8 of 27 Mt = 6.7%: 0.7 + 0.3 x 0.067 / 0.2
        assertThat(s.inputs()).extracting(ExplanationInput::getName).doesNotContain("issuer_share");
        assertThat(s.score()).isEqualTo(43); // 0.795 x 1 (raise) x 0.676 x 0.8 x 1 (in effect) = 0.430
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.summary()).contains("50-point tariff step", "US imports 46% of its use").doesNotContain("unknown");
    }

    @Test
    void aTariffWeighsItsStepNotItsLevel() {
        PolicyEvent e69 = ReferenceData.policy("e69");
        PolicyEvent from45 = PolicyEvent.newBuilder(e69).setPreviousValue(45.0).build();
        CommodityState copper = Baseline.stateWith("copper");

        assertThat(input(SeverityModel.scorePolicy(from45, copper, List.of()), "rate_step").getFactor()).isEqualTo(0.457); // 0.3 + 0.7 x sqrt(0.05)
        assertThat(SeverityModel.scorePolicy(from45, copper, List.of()).severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void aBilateralTariffWeighsTheTargetsShareOfTheImportersSupply() {
        // A threat of 200% on Chinese anode material: the US imports all its graphite and China makes 95% of anodes.
        PolicyEvent threat = PolicyEvent.newBuilder(ReferenceData.policy("e69")).setEventId("x2").setCommodity("graphite_anode")
                .setAction(PolicyAction.THREATEN).setTargetCountries(List.of("CN")).setValue(200.0).build();
        SeverityModel.Score s = SeverityModel.scorePolicy(threat, Baseline.stateWith("graphite_anode"), List.of());

        assertThat(input(s, "target_share_of_supply").getValue()).isEqualTo("CN ~95% (world share)");
        assertThat(input(s, "target_share_of_supply").getFactor()).isEqualTo(0.97); // 0.4 + 0.6 x (1.0 x 0.95)
        assertThat(input(s, "import_reliance").getFactor()).isEqualTo(1.0);
        // neither US nor world use of anode material is known: the demand weight takes its neutral prior 0.85
        assertThat(input(s, "importer_demand_share").getFactor()).isEqualTo(0.85);
        assertThat(s.summary()).endsWith("; unknown, at neutral priors: importer_demand_share");
    }

    // ---- market interventions ----

    @Test
    void aPurchaseIsWeighedAgainstWorldUse() {
        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e35"), Baseline.stateWith("gold"), List.of());

        // 150 t of 4,974.5 t world demand = 3.0%, under a third of the 10% that counts as major: sqrt(0.302) = 0.549
        assertThat(input(s, "size_vs_market").getFactor()).isEqualTo(0.549);
        assertThat(s.score()).isEqualTo(41); // 0.75 (purchase) x 0.549 x 1 (imposed) x 1 (in effect) = 0.412
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.direction()).isEqualTo(ShockDirection.ESCALATION);
    }

    @Test
    void aPurchaseOfMostOfTheIssuersYearlyUseIsMajor() {
        PolicyEvent e = PolicyEvent.newBuilder(ReferenceData.policy("e35")).setEventId("x3").setIssuerCountry("US")
                .setCommodity("copper").setValue(1_500_000.0).build(); // the US uses about 1.8 Mt of refined copper a year
        SeverityModel.Score s = SeverityModel.scorePolicy(e, Baseline.stateWith("copper"), List.of());

        assertThat(input(s, "size_vs_market").getValue()).contains("of US's annual use");
        assertThat(s.severity()).isIn(Severity.HIGH, Severity.CRITICAL);
    }

    @Test
    void stateMoneyIsWeighedAgainstTheMarketsAnnualValueAndATokenGrantStaysInfo() {
        SeverityModel.Score big = SeverityModel.scorePolicy(ReferenceData.policy("e141"), Baseline.stateWith("semiconductors"), List.of());
        assertThat(input(big, "size_vs_market").getFactor()).isEqualTo(1.0); // $250bn of a $527bn market
        assertThat(big.direction()).isEqualTo(ShockDirection.NEUTRAL);
        assertThat(big.severity()).isEqualTo(Severity.MEDIUM);

        PolicyEvent grant = PolicyEvent.newBuilder(ReferenceData.policy("e141")).setEventId("x4").setInstrument(PolicyInstrument.GRANT_OR_SUBSIDY)
                .setValue(10_000_000.0).build();
        assertThat(SeverityModel.scorePolicy(grant, Baseline.stateWith("semiconductors"), List.of()).severity()).isEqualTo(Severity.INFO);

        SeverityModel.Score unsized = SeverityModel.scorePolicy(ReferenceData.policy("e5"), CommodityStates.empty("rare_earths"), List.of());
        assertThat(input(unsized, "size_vs_market").getValue()).isEqualTo("unknown");
        assertThat(unsized.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void aPriceFloorWeighsByWhereItSitsAgainstTheMarketPrice() {
        PolicyEvent floor = PolicyEvent.newBuilder(ReferenceData.policy("e78")).setEventId("x5").setCommodity("nickel")
                .setValue(25_000.0).setUnit("usd_per_tonne").build();
        CommodityState nickel = Baseline.stateWith("nickel"); // reference price 16,812 usd_per_tonne
        assertThat(input(SeverityModel.scorePolicy(floor, nickel, List.of()), "size_vs_market").getFactor()).isEqualTo(1.0);

        PolicyEvent perKg = PolicyEvent.newBuilder(floor).setValue(12.609).setUnit("usd_per_kg").build(); // 75% of the price: (0.75 - 0.5) / 0.5
        assertThat(input(SeverityModel.scorePolicy(perKg, nickel, List.of()), "size_vs_market").getFactor()).isEqualTo(0.5);

        PolicyEvent low = PolicyEvent.newBuilder(floor).setValue(8_000.0).build(); // 48% of the price, under half: binds nothing
        assertThat(input(SeverityModel.scorePolicy(low, nickel, List.of()), "size_vs_market").getFactor()).isEqualTo(0.0);
        assertThat(SeverityModel.scorePolicy(low, nickel, List.of()).severity()).isEqualTo(Severity.INFO);
    }

    // ---- disruptions ----

    @Test
    void aShortageIsMarketWideAndAnEarthquakeWeighsItsCountrysShare() {
        SeverityModel.Score shortage = SeverityModel.scoreDisruption(ReferenceData.disruption("e161"), CommodityStates.empty("server_dram"));
        assertThat(input(shortage, "site_share").getValue()).isEqualTo("market-wide");
        // an unstated magnitude takes the neutral prior of a 60-day outage: 0.5 + 0.5 x 60 / 90 = 0.833
        assertThat(input(shortage, "magnitude").getValue()).isEqualTo("unknown");
        assertThat(input(shortage, "magnitude").getFactor()).isEqualTo(0.833);
        assertThat(shortage.score()).isEqualTo(40); // 0.6 x 0.8 x 0.833 = 0.400
        assertThat(shortage.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(shortage.summary()).endsWith("; unknown, at neutral priors: magnitude");

        SeverityModel.Score quake = SeverityModel.scoreDisruption(ReferenceData.disruption("e163"), Baseline.stateWith("semiconductors"));
        assertThat(input(quake, "site_share").getValue()).isEqualTo("TW 21.4% MANUFACTURING");
        assertThat(input(quake, "site_share").getFactor()).isEqualTo(0.651); // 0.35 + 0.65 x sqrt(0.214)
        // the rest: KR 20.4, JP 15.8, CN 15.3, concentration 0.34: 1 - 0.15 x (1 - 0.34) x (1 - 0.214) = 0.922
        assertThat(input(quake, "alternatives").getFactor()).isEqualTo(0.922);
        assertThat(input(quake, "magnitude").getValue()).isEqualTo("M7");
        assertThat(quake.score()).isEqualTo(42); // 0.7 x 0.651 x 0.922 x 1 = 0.420
    }

    @Test
    void aStatedMagnitudeScalesTheDisruption() {
        DisruptionEvent base = DisruptionEvent.newBuilder(ReferenceData.disruption("e163")).setKind(DisruptionKind.OUTAGE)
                .setCountry("CD").setCommodity("cobalt").build();
        CommodityState cobalt = Baseline.stateWith("cobalt");
        int tenPct = SeverityModel.scoreDisruption(DisruptionEvent.newBuilder(base).setMagnitude(10.0).setUnit("pct").build(), cobalt).score();
        int thirtyPct = SeverityModel.scoreDisruption(DisruptionEvent.newBuilder(base).setMagnitude(30.0).setUnit("pct").build(), cobalt).score();
        int threeDays = SeverityModel.scoreDisruption(DisruptionEvent.newBuilder(base).setMagnitude(3.0).setUnit("days").build(), cobalt).score();

        assertThat(thirtyPct).isGreaterThan(tenPct);
        assertThat(threeDays).isLessThan(thirtyPct);
    }

    // ---- reliefs ----

    @Test
    void pauseOfE1AndE87IsAMediumDeEscalation() {
        CommodityState before = fold("rare_earths", market("e47"), policy("e1"), policy("e87"));
        CommodityStates.Applied applied = CommodityStates.apply(before, policy("e89"));
        List<Measure> ended = before.getMeasures().stream().filter(m -> applied.endedEventIds().contains(m.getEventId())).toList();

        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e89"), before, ended);

        // 0.6 (pause) x 0.85 (strongest ended: export licence) x 0.973 (CN 92%, 0.35 + 0.65 x sqrt(0.92)) = 0.496
        assertThat(s.direction()).isEqualTo(ShockDirection.DE_ESCALATION);
        assertThat(input(s, "supply_at_risk").getFactor()).isEqualTo(0.973);
        assertThat(s.score()).isEqualTo(50);
        assertThat(s.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.sourceEventIds()).contains("e89", "e1", "e87");
    }

    @Test
    void pauseThatEndsNothingKnownCountsTheInstrumentAtHalfWeight() {
        SeverityModel.Score s = SeverityModel.scorePolicy(ReferenceData.policy("e89"), fold("rare_earths", market("e47")), List.of());

        assertThat(input(s, "ended_measures").getFactor()).isEqualTo(0.425);
        assertThat(s.score()).isEqualTo(25); // 0.6 x 0.425 x 0.973 = 0.248
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, INFO", "19, INFO", "20, LOW", "39, LOW", "40, MEDIUM", "59, MEDIUM", "60, HIGH", "79, HIGH", "80, CRITICAL", "100, CRITICAL"})
    void severityBands(int score, Severity severity) {
        assertThat(SeverityModel.severityOf(score)).isEqualTo(severity);
    }

    @Test
    void everyInstrumentHasAClass() {
        for (PolicyInstrument i : PolicyInstrument.values()) {
            assertThat(SeverityModel.classOf(i)).isNotNull();
        }
        assertThat(SeverityModel.classOf(PolicyInstrument.TARIFF)).isEqualTo(SeverityModel.InstrumentClass.IMPORT_SIDE);
        assertThat(SeverityModel.classOf(PolicyInstrument.EXPORT_QUOTA)).isEqualTo(SeverityModel.InstrumentClass.EXPORT_SIDE);
        assertThat(SeverityModel.classOf(PolicyInstrument.PRICE_FLOOR)).isEqualTo(SeverityModel.InstrumentClass.MARKET_INTERVENTION);
    }

    static ExplanationInput input(SeverityModel.Score s, String name) {
        return s.inputs().stream().filter(i -> i.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no input '" + name + "' in " + s.inputs()));
    }
}
