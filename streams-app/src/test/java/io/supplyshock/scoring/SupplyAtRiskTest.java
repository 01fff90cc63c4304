package io.supplyshock.scoring;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.DisruptionKind;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.ImportSource;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Provenance;
import io.supplyshock.schema.RegionalDemand;
import io.supplyshock.schema.Severity;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.testing.Baseline;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.supplyshock.scoring.SeverityModelTest.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Supply at risk (issue 18 section 2): exports before production, a net importer's ban, producer groups, stated
 * volumes, chokepoints, trade covered, later figures and neutral priors. States are built by hand so each factor
 * can be recomputed from the figures in the test.
 */
class SupplyAtRiskTest {

    private static final LocalDate Y2024 = LocalDate.of(2024, 1, 1);

    @Test
    void anExportMeasureWeighsTheIssuersShareOfWorldExportsAndNamesProductionAsAStandInOnlyWithoutIt() {
        CommodityState withExports = state("widgets", List.of(share("AA", SupplyStage.MINE, 20, Y2024), share("AA", SupplyStage.EXPORTS, 64, Y2024),
                share("BB", SupplyStage.MINE, 80, Y2024)), List.of());
        CommodityState productionOnly = state("widgets", List.of(share("AA", SupplyStage.MINE, 20, Y2024), share("BB", SupplyStage.MINE, 80, Y2024)),
                List.of());

        SeverityModel.Score exports = SeverityModel.scorePolicy(ban("AA", "widgets", "2024-06-01"), withExports, List.of());
        SeverityModel.Score production = SeverityModel.scorePolicy(ban("AA", "widgets", "2024-06-01"), productionOnly, List.of());

        // 0.35 + 0.65 x sqrt(0.64) = 0.87; 0.35 + 0.65 x sqrt(0.20) = 0.641
        assertThat(input(exports, "supply_at_risk").getFactor()).isEqualTo(0.87, within(0.001));
        assertThat(input(exports, "supply_at_risk").getValue()).isEqualTo("AA 64% of world exports");
        assertThat(input(production, "supply_at_risk").getFactor()).isEqualTo(0.641, within(0.001));
        assertThat(input(production, "supply_at_risk").getNote()).contains("no export share known: the largest production share stands in");
        assertThat(exports.score()).isGreaterThan(production.score());
    }

    @Test
    void aNetImportersExportBanWeighsLittleAgainstTheSameShareHeldByAnExporter() {
        List<SupplyShare> shares = List.of(share("AA", SupplyStage.REFINED, 45, Y2024), share("BB", SupplyStage.REFINED, 55, Y2024));
        CommodityState importer = state("metal", shares, List.of(demand("AA", 70.0, Y2024)));
        CommodityState exporter = state("metal", shares, List.of(demand("AA", -20.0, Y2024)));

        SeverityModel.Score asImporter = SeverityModel.scorePolicy(ban("AA", "metal", "2024-06-01"), importer, List.of());
        SeverityModel.Score asExporter = SeverityModel.scorePolicy(ban("AA", "metal", "2024-06-01"), exporter, List.of());

        // importer: 45% x 0.2 = 9% -> 0.35 + 0.65 x sqrt(0.09) = 0.545; exporter: 0.35 + 0.65 x sqrt(0.45) = 0.786
        assertThat(input(asImporter, "supply_at_risk").getFactor()).isEqualTo(0.545, within(0.001));
        assertThat(input(asImporter, "supply_at_risk").getNote()).contains("a net importer has no surplus to withhold");
        assertThat(input(asExporter, "supply_at_risk").getFactor()).isEqualTo(0.786, within(0.001));
        assertThat(asImporter.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(asExporter.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void aProducerGroupIsWeighedByItsMembersSharesOnTheEventsDate() {
        // Qatar left OPEC on 1 January 2019 (blocs.csv): its share counts for a 2018 decision and not for a 2020 one.
        CommodityState oil = state("crude_oil", List.of(share("SA", SupplyStage.EXPORTS, 16, null), share("IQ", SupplyStage.EXPORTS, 9, null),
                share("QA", SupplyStage.EXPORTS, 2, null), share("US", SupplyStage.EXPORTS, 10, null)), List.of());
        Knowledge k2018 = Knowledge.of(oil, LocalDate.of(2018, 6, 1));
        Knowledge k2020 = Knowledge.of(oil, LocalDate.of(2020, 6, 1));

        assertThat(k2018.exportShareOf("OPEC").orElseThrow().getSharePct()).isEqualTo(27.0);
        assertThat(k2020.exportShareOf("OPEC").orElseThrow().getSharePct()).isEqualTo(25.0);
        assertThat(k2020.exportShareOf("OPEC").orElseThrow().getSource()).startsWith("sum of 2 of its");
        assertThat(k2020.exportShareOf("US").orElseThrow().getSharePct()).isEqualTo(10.0);
    }

    @Test
    void aStatedVolumeIsWeighedAgainstWorldUseInsteadOfTheIssuersShareAndReplacesTheStringency() {
        CommodityState oil = state("crude_oil", List.of(share("SA", SupplyStage.EXPORTS, 16, Y2024)),
                List.of(RegionalDemand.newBuilder().setRegion("WORLD").setAnnualConsumption(36.5e9).setUnit("bbl").setSource("test").setAsOf(Y2024).build()));
        PolicyEvent cut = PolicyEvent.newBuilder(ban("SA", "crude_oil", "2024-06-01")).setInstrument(PolicyInstrument.EXPORT_QUOTA)
                .setRawSubtype("output_cut").setValue(1000.0).setUnit("kbpd").build();

        SeverityModel.Score s = SeverityModel.scorePolicy(cut, oil, List.of());

        // 1,000 kb/d x 365 = 365 Mbbl = 1% of 36.5 bn bbl: 0.35 + 0.65 x sqrt(1 / 10) = 0.556
        assertThat(input(s, "supply_at_risk").getValue()).isEqualTo("1000 kbpd = 1% of world use");
        assertThat(input(s, "supply_at_risk").getFactor()).isEqualTo(0.556, within(0.001));
        assertThat(input(s, "stringency").getFactor()).isEqualTo(1.0);
        // a level ("ceiling") is not an amount withheld: the share and the quota's stringency weigh instead
        PolicyEvent ceiling = PolicyEvent.newBuilder(cut).setRawSubtype("output_ceiling").build();
        assertThat(input(SeverityModel.scorePolicy(ceiling, oil, List.of()), "stringency").getFactor()).isEqualTo(0.7);
    }

    @Test
    void statingARealisticFigureMovesTheScoreTheSensibleWayFromTheNeutralPrior() {
        CommodityState cobalt = Baseline.stateWith("cobalt");
        DisruptionEvent strike = disruption("CD", "cobalt", DisruptionKind.STRIKE, "2025-03-01", "mine strike");
        int unstated = SeverityModel.scoreDisruption(strike, cobalt).score();
        int week = SeverityModel.scoreDisruption(DisruptionEvent.newBuilder(strike).setMagnitude(7.0).setUnit("days").build(), cobalt).score();
        int quarter = SeverityModel.scoreDisruption(DisruptionEvent.newBuilder(strike).setMagnitude(90.0).setUnit("days").build(), cobalt).score();
        assertThat(week).isLessThan(unstated);
        assertThat(quarter).isGreaterThan(unstated);
        assertThat(SeverityModel.scoreDisruption(strike, cobalt).summary()).endsWith("unknown, at neutral priors: magnitude");

        // an issuer nobody has a figure for takes a typical producer's tenth: a stated 2% weighs less, a stated 40% more
        CommodityState nothing = state("gizmos", List.of(), List.of());
        CommodityState small = state("gizmos", List.of(share("AA", SupplyStage.MINE, 2, Y2024), share("BB", SupplyStage.MINE, 98, Y2024)), List.of());
        CommodityState large = state("gizmos", List.of(share("AA", SupplyStage.MINE, 40, Y2024), share("BB", SupplyStage.MINE, 60, Y2024)), List.of());
        int unknown = SeverityModel.scorePolicy(ban("AA", "gizmos", "2024-06-01"), nothing, List.of()).score();
        assertThat(SeverityModel.scorePolicy(ban("AA", "gizmos", "2024-06-01"), small, List.of()).score()).isLessThan(unknown);
        assertThat(SeverityModel.scorePolicy(ban("AA", "gizmos", "2024-06-01"), large, List.of()).score()).isGreaterThan(unknown);
    }

    @Test
    void aDisruptionNamingAChokepointIsWeighedByItsShareOfTheCargoOfTheEventsYear() {
        DisruptionEvent attacks = disruption("YE", "crude_oil", DisruptionKind.LOGISTICS, "2023-12-15", "tanker attacks in the Red Sea");
        DisruptionEvent later = DisruptionEvent.newBuilder(attacks).setEventTime(Instant.parse("2024-09-01T00:00:00Z")).build();

        SeverityModel.Score dec2023 = SeverityModel.scoreDisruption(attacks, CommodityStates.empty("crude_oil"));
        SeverityModel.Score sep2024 = SeverityModel.scoreDisruption(later, CommodityStates.empty("crude_oil"));

        // chokepoints.csv: Bab-el-Mandeb 11.1% of seaborne oil in 2023, 5.2% in 2024 once ships went round the Cape
        assertThat(input(dec2023, "route_share").getValue()).isEqualTo("bab_el_mandeb 11.1% of seaborne crude oil");
        assertThat(input(sep2024, "route_share").getValue()).isEqualTo("bab_el_mandeb 5.2% of seaborne crude oil");
        // a closed route weighs as an outage (0.6), not as a logistics delay (0.3)
        assertThat(input(dec2023, "route_closure").getFactor()).isEqualTo(2.0);
        assertThat(dec2023.score()).isGreaterThan(sep2024.score());
    }

    @Test
    void aDisruptionAtANamedSiteLosesTheSitesShareNotItsCountrysAndAStatedVolumeWinsOverBoth() {
        CommodityState copper = state("copper", List.of(share("ID", SupplyStage.MINE, 40, Y2024), share("CL", SupplyStage.MINE, 60, Y2024)),
                List.of(RegionalDemand.newBuilder().setRegion("WORLD").setAnnualConsumption(2.0e7).setUnit("tonnes").setSource("test").setAsOf(Y2024).build()));
        DisruptionEvent mudslide = DisruptionEvent.newBuilder(disruption("ID", "copper", DisruptionKind.ACCIDENT, "2025-09-10",
                "A mud rush halts the Grasberg block cave")).build();
        DisruptionEvent country = disruption("ID", "copper", DisruptionKind.ACCIDENT, "2025-09-10", "A mine accident in the country");

        SeverityModel.Score atSite = SeverityModel.scoreDisruption(mudslide, copper);
        SeverityModel.Score atCountry = SeverityModel.scoreDisruption(country, copper);

        // sites.csv: Grasberg 3.5% of world copper mine output (2024): 0.35 + 0.65 x sqrt(0.035) = 0.472
        assertThat(input(atSite, "site_share").getValue()).isEqualTo("grasberg 3.5% of world mine");
        assertThat(input(atSite, "site_share").getFactor()).isEqualTo(0.472, within(0.001));
        assertThat(input(atCountry, "site_share").getValue()).isEqualTo("ID 40% MINE");
        assertThat(atSite.score()).isLessThan(atCountry.score());
        // 400,000 t a year stated: 2% of world use, 0.35 + 0.65 x sqrt(2 / 10) = 0.641
        SeverityModel.Score stated = SeverityModel.scoreDisruption(DisruptionEvent.newBuilder(mudslide).setMagnitude(400000.0).setUnit("tonnes").build(), copper);
        assertThat(input(stated, "site_share").getFactor()).isEqualTo(0.641, within(0.001));
    }

    @Test
    void aStockReleaseIsWeighedByTheVolumeItAddsWhetherOrNotAPurchaseIsInView() {
        CommodityState oil = state("crude_oil", List.of(share("US", SupplyStage.EXPORTS, 5, Y2024)),
                List.of(RegionalDemand.newBuilder().setRegion("WORLD").setAnnualConsumption(36.5e9).setUnit("bbl").setSource("test").setAsOf(Y2024).build(),
                        RegionalDemand.newBuilder().setRegion("WORLD").setBufferPct(5.8).setBufferKind("spare_capacity").setSource("buffers").setAsOf(Y2024).build()));
        PolicyEvent release = PolicyEvent.newBuilder(ban("US", "crude_oil", "2024-06-01")).setInstrument(PolicyInstrument.STOCKPILE_PURCHASE)
                .setAction(PolicyAction.LOWER).setRawSubtype("stockpile_release").setValue(180.0).setUnit("mb").build();

        SeverityModel.Score s = SeverityModel.scorePolicy(release, oil, List.of());

        // 180 Mbbl = 0.49% of 36.5 bn bbl: 0.35 + 0.65 x sqrt(0.49 / 10) = 0.494; no half-weight for "no purchase in view", no buffer
        assertThat(s.direction()).isEqualTo(io.supplyshock.schema.ShockDirection.DE_ESCALATION);
        assertThat(input(s, "released_volume").getFactor()).isEqualTo(0.494, within(0.001));
        assertThat(s.inputs()).extracting(io.supplyshock.schema.ExplanationInput::getName).doesNotContain("ended_measures", "buffer");
        assertThat(s.score()).isEqualTo(49);
    }

    @Test
    void aRecoveryIsWeighedLikeItsDisruptionAndReliefLessTheRestart() {
        DisruptionEvent blocked = disruption("EG", "container_shipping", DisruptionKind.LOGISTICS, "2021-03-23", "The Suez Canal is blocked");
        DisruptionEvent reopened = DisruptionEvent.newBuilder(blocked).setEventId("d-reopened").setRawSubtype("canal_reopened").setRecovery(true).build();

        SeverityModel.Score block = SeverityModel.scoreDisruption(blocked, CommodityStates.empty("container_shipping"));
        SeverityModel.Score recovery = SeverityModel.scoreDisruption(reopened, CommodityStates.empty("container_shipping"));

        assertThat(block.direction()).isEqualTo(io.supplyshock.schema.ShockDirection.ESCALATION);
        assertThat(recovery.direction()).isEqualTo(io.supplyshock.schema.ShockDirection.DE_ESCALATION);
        assertThat(input(recovery, "recovery").getFactor()).isEqualTo(0.8);
        assertThat(recovery.score()).isCloseTo((int) Math.round(block.score() * 0.8), org.assertj.core.data.Offset.offset(1));
        assertThat(recovery.summary()).startsWith("logistics recovery of container_shipping in EG").contains("relief score");
    }

    @Test
    void aTariffOnAllGoodsIsWeighedByTheTradeItCoversFromBothSides() {
        // trade-flows.csv: US imports from CN $427.2bn of $3,083bn (13.9%)
        CommodityState goods = Baseline.stateWith("all_goods");
        PolicyEvent tariff = PolicyEvent.newBuilder(ban("US", "all_goods", "2024-06-01")).setInstrument(PolicyInstrument.TARIFF)
                .setRawSubtype("tariff_raise").setTargetCountries(List.of("CN")).setValue(145.0).setUnit("pct").setPreviousValue(0.0)
                .setEffectiveDate(new PartialDate(LocalDate.parse("2024-06-01"), DatePrecision.DAY, "2024-06-01")).build();
        PolicyEvent package28bn = PolicyEvent.newBuilder(tariff).setValue(28.0e9).setUnit("usd").setPreviousValue(null).build();

        SeverityModel.Score all = SeverityModel.scorePolicy(tariff, goods, List.of());
        SeverityModel.Score small = SeverityModel.scorePolicy(package28bn, goods, List.of());

        assertThat(input(all, "trade_covered").getValue()).startsWith("imports from CN 13.9%");
        // 0.4 + 0.6 x sqrt(0.139) = 0.624, times a full rate step, in effect: 62 HIGH
        assertThat(input(all, "trade_covered").getFactor()).isEqualTo(0.624, within(0.002));
        assertThat(all.severity()).isEqualTo(Severity.HIGH);
        assertThat(input(small, "trade_covered").getValue()).startsWith("stated $28bn");
        assertThat(small.score()).isLessThan(all.score());
    }

    @Test
    void aLaterFigureStandsInForAnOlderEventOnlyWhenNothingOfItsTimeIsKnownAndSaysSo() {
        CommodityState onlyLater = state("metal", List.of(share("AA", SupplyStage.MINE, 60, Y2024), share("BB", SupplyStage.MINE, 40, Y2024)), List.of());
        // BB's 2012 figure is of the event's time: the stage takes no later figure, so AA is bounded by what BB leaves
        CommodityState mixed = state("metal", List.of(share("AA", SupplyStage.MINE, 60, Y2024), share("BB", SupplyStage.MINE, 80,
                LocalDate.of(2012, 1, 1))), List.of());

        SeverityModel.Score in2014 = SeverityModel.scorePolicy(ban("AA", "metal", "2014-01-12"), onlyLater, List.of());
        assertThat(input(in2014, "supply_at_risk").getNote()).contains("a later figure: none as old as the event is known");
        assertThat(input(SeverityModel.scorePolicy(ban("AA", "metal", "2014-01-12"), mixed, List.of()), "supply_at_risk").getValue())
                .isEqualTo("AA <= 20% MINE");
        // more than 15 years before the figure: nothing is known
        assertThat(input(SeverityModel.scorePolicy(ban("AA", "metal", "2005-01-12"), onlyLater, List.of()), "supply_at_risk").getValue())
                .isEqualTo("unknown");
    }

    private static PolicyEvent ban(String issuer, String commodity, String date) {
        Instant t = LocalDate.parse(date).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        return PolicyEvent.newBuilder().setEventId("t-" + issuer + "-" + commodity).setCommodity(commodity).setInstrument(PolicyInstrument.EXPORT_BAN)
                .setAction(PolicyAction.IMPOSE).setRawSubtype("export_ban").setIssuerCountry(issuer).setTargetCountries(List.of())
                .setEventTime(t).setProvenance(Provenance.newBuilder().setSourceId("t").build()).build();
    }

    private static DisruptionEvent disruption(String country, String commodity, DisruptionKind kind, String date, String summary) {
        Instant t = LocalDate.parse(date).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        return DisruptionEvent.newBuilder().setEventId("d-" + commodity).setCommodity(commodity).setKind(kind).setRawSubtype(kind.name().toLowerCase())
                .setCountry(country).setEventTime(t).setProvenance(Provenance.newBuilder().setSourceId("t").setSummary(summary).build()).build();
    }

    private static SupplyShare share(String country, SupplyStage stage, double pct, LocalDate asOf) {
        return SupplyShare.newBuilder().setCountry(country).setStage(stage).setSharePct(pct).setSource("test table").setAsOf(asOf)
                .setFromBaseline(true).build();
    }

    private static RegionalDemand demand(String region, Double reliancePct, LocalDate asOf) {
        return RegionalDemand.newBuilder().setRegion(region).setNetImportReliancePct(reliancePct).setImportSources(new ArrayList<ImportSource>())
                .setSource("test demand").setAsOf(asOf).setFromBaseline(true).build();
    }

    private static CommodityState state(String commodity, List<SupplyShare> shares, List<RegionalDemand> demand) {
        CommoditySupplyProfile profile = CommoditySupplyProfile.newBuilder().setCommodity(commodity).setShares(shares).setDemand(demand)
                .setSource("test").build();
        return CommodityStates.apply(CommodityStates.empty(commodity), new Fact.Profile(profile, Instant.EPOCH)).state();
    }
}
