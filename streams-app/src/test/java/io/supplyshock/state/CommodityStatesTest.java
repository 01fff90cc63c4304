package io.supplyshock.state;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.Observation;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.testing.ReferenceData;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static io.supplyshock.testing.Folds.fold;
import static io.supplyshock.testing.Folds.market;
import static io.supplyshock.testing.Folds.policy;
import static org.assertj.core.api.Assertions.assertThat;

class CommodityStatesTest {

    @Test
    void aDatedShareWinsOverAStructuralOneWhateverTheOrder() {
        // e47: CN 92% of processing as of 2023; e81: CN 90% of processing with no date of its own (only an
        // article date), so structural: it fills in where nothing dated is known, and never overrides a dated figure.
        for (CommodityState state : List.of(fold("rare_earths", market("e47"), market("e81")), fold("rare_earths", market("e81"), market("e47")))) {
            assertThat(processingShareOfChina(state).getSource()).isEqualTo("e47");
            assertThat(processingShareOfChina(state).getAsOf()).isEqualTo(LocalDate.of(2023, 1, 1));
            assertThat(state.getSupplyShares()).hasSize(1);
        }
        assertThat(processingShareOfChina(fold("rare_earths", market("e81"))).getAsOf()).isNull();
    }

    @Test
    void newsBeatsTheBaselineOnTheSameDateAndANewerBaselineBeatsOlderNews() {
        SupplyShare baseline2023 = SupplyShare.newBuilder().setCountry("CN").setStage(SupplyStage.PROCESSING).setSharePct(85.0)
                .setSource("baseline table").setAsOf(LocalDate.of(2023, 1, 1)).setFromBaseline(true).build();
        CommodityState news = fold("rare_earths", market("e47"));
        CommodityState withBaseline = CommodityStates.apply(news, new io.supplyshock.state.Fact.Profile(
                io.supplyshock.schema.CommoditySupplyProfile.newBuilder().setCommodity("rare_earths").setShares(List.of(baseline2023)).build(),
                java.time.Instant.parse("2023-01-01T00:00:00Z"))).state();
        assertThat(processingShareOfChina(withBaseline).getSource()).isEqualTo("e47");

        SupplyShare baseline2024 = SupplyShare.newBuilder(baseline2023).setAsOf(LocalDate.of(2024, 1, 1)).build();
        CommodityState newer = CommodityStates.apply(news, new io.supplyshock.state.Fact.Profile(
                io.supplyshock.schema.CommoditySupplyProfile.newBuilder().setCommodity("rare_earths").setShares(List.of(baseline2024)).build(),
                java.time.Instant.parse("2024-01-01T00:00:00Z"))).state();
        assertThat(processingShareOfChina(newer).getSource()).isEqualTo("baseline table");
    }

    @Test
    void sharesAreKeptPerCountryAndStage() {
        CommodityState state = fold("rare_earths", market("e46"), market("e47"), market("e3"));

        assertThat(state.getSupplyShares()).extracting(SupplyShare::getStage, SupplyShare::getSharePct)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(SupplyStage.MINE, 60.0),
                        org.assertj.core.groups.Tuple.tuple(SupplyStage.PROCESSING, 92.0),
                        org.assertj.core.groups.Tuple.tuple(SupplyStage.MARKET, 70.0));
        assertThat(CommodityStates.largestShareOf(state, "CN").orElseThrow().getSource()).isEqualTo("e47");
    }

    @Test
    void importShareIsNotAShareOfWorldSupply() {
        // e48: 70% of US rare-earth imports come from CN; held by US with counterpart CN
        CommodityState state = fold("rare_earths", market("e48"));

        assertThat(state.getSupplyShares()).isEmpty();
        assertThat(state.getObservations()).extracting(Observation::getEventId).containsExactly("e48");
    }

    @Test
    void pauseEndsTheMeasuresOfTheSameIssuerAndFamily() {
        CommodityState before = fold("rare_earths", market("e47"), policy("e1"), policy("e87"));

        CommodityStates.Applied applied = CommodityStates.apply(before, policy("e89"));

        assertThat(applied.endedEventIds()).containsExactly("e1", "e87");
        for (String id : List.of("e1", "e87")) {
            Measure m = measure(applied.state(), id);
            assertThat(m.getEndedBy()).isEqualTo("e89");
            assertThat(m.getEndedOn()).isEqualTo(LocalDate.of(2025, 11, 1));
            assertThat(m.getResumesOn()).isEqualTo(LocalDate.of(2026, 11, 1));
        }
    }

    @Test
    void pausedMeasureIsInactiveDuringThePauseAndActiveAgainAfterIt() {
        CommodityState state = fold("rare_earths", market("e47"), policy("e1"), policy("e87"), policy("e89"));
        Measure e1 = measure(state, "e1");

        assertThat(Measures.isActive(e1, LocalDate.of(2025, 10, 20))).isTrue();
        assertThat(Measures.isActive(e1, LocalDate.of(2026, 1, 1))).isFalse();
        assertThat(Measures.isActive(e1, LocalDate.of(2026, 10, 31))).isFalse();
        assertThat(Measures.isActive(e1, LocalDate.of(2026, 11, 2))).isTrue();
        assertThat(CommodityStates.activeMeasures(state, LocalDate.of(2026, 1, 1))).extracting(Measure::getEventId)
                .doesNotContain("e1", "e87", "e89");
        assertThat(CommodityStates.activeMeasures(state, LocalDate.of(2026, 11, 2))).extracting(Measure::getEventId)
                .contains("e1", "e87");
    }

    @Test
    void pauseByAnotherIssuerEndsNothing() {
        CommodityState before = fold("rare_earths", policy("e1"));
        PolicyEvent usPause = PolicyEvent.newBuilder(ReferenceData.policy("e89")).setIssuerCountry("US").build();

        CommodityStates.Applied applied = CommodityStates.apply(before, new Fact.Policy(usPause));

        assertThat(applied.endedEventIds()).isEmpty();
        assertThat(measure(applied.state(), "e1").getEndedBy()).isNull();
    }

    @Test
    void newestObservationWinsPerSeries() {
        // e33 (BR, 2025-11-30) and e34 (PL, 2025-12-31): same series central_bank_purchase of gold
        CommodityState inOrder = fold("gold", market("e33"), market("e34"));
        CommodityState reversed = fold("gold", market("e34"), market("e33"));

        assertThat(inOrder.getObservations()).extracting(Observation::getEventId).containsExactly("e34");
        assertThat(reversed.getObservations()).extracting(Observation::getEventId).containsExactly("e34");
        assertThat(reversed.getObservations().get(0).getValue()).isEqualTo(100.0);
    }

    @Test
    void differentSeriesAreKeptSideBySide() {
        // e31: gold ETF flow; e34: central bank purchase of gold
        CommodityState state = fold("gold", market("e31"), market("e34"));

        assertThat(state.getObservations()).extracting(Observation::getEventId).containsExactlyInAnyOrder("e31", "e34");
    }

    @Test
    void applyCountsFactsAndKeepsTheNewestEventTime() {
        CommodityState state = fold("rare_earths", market("e47"), market("e3"), market("e46"));

        assertThat(state.getEventCount()).isEqualTo(3);
        assertThat(state.getLastEventId()).isEqualTo("e46");
        // e47 and e46 are dated 2023; e3 is structural, stamped at the start of history, so 2023 stays the newest.
        assertThat(state.getUpdatedAt()).isEqualTo(ReferenceData.market("e47").getEventTime());
    }

    @Test
    void aCommodityKeepsAtMostItsCapOfMeasuresAndEvictsThoseNoLongerInForceFirst() {
        java.time.Instant t0 = java.time.Instant.parse("2025-01-01T00:00:00Z");
        CommodityState state = CommodityStates.empty("nickel");
        // 30 bans by country A, lifted together after the first 30 days; then 120 bans by other issuers, all in force.
        for (int i = 0; i < 30; i++) state = CommodityStates.apply(state, ban("a-" + i, "ID", t0.plus(java.time.Duration.ofDays(i)))).state();
        state = CommodityStates.apply(state, new Fact.Policy(PolicyEvent.newBuilder(ReferenceData.policy("e89"))
                .setEventId("lift-a").setCommodity("nickel").setIssuerCountry("ID").setTargetCountries(List.of())
                .setInstrument(io.supplyshock.schema.PolicyInstrument.EXPORT_BAN).setAction(io.supplyshock.schema.PolicyAction.LIFT)
                .setEventTime(t0.plus(java.time.Duration.ofDays(31))).build())).state();
        for (int i = 0; i < 120; i++) {
            state = CommodityStates.apply(state, ban("b-" + i, i % 2 == 0 ? "PH" : "RU", t0.plus(java.time.Duration.ofDays(40 + i)))).state();
        }

        assertThat(state.getMeasures()).hasSize(CommodityStates.MAX_MEASURES);
        assertThat(state.getMeasures()).extracting(Measure::getEventId)
                .as("all 120 bans in force are kept over the ended ones and the relief, up to the cap: the 100 newest")
                .allMatch(id -> id.startsWith("b-"))
                .contains("b-119", "b-20").doesNotContain("b-19", "a-0", "lift-a");
    }

    private static Fact ban(String id, String issuer, java.time.Instant at) {
        return new Fact.Policy(PolicyEvent.newBuilder(ReferenceData.policy("e97")).setEventId(id).setCommodity("nickel")
                .setIssuerCountry(issuer).setTargetCountries(List.of()).setEventTime(at)
                .setAnnouncedDate(null).setEffectiveDate(null).setExpiryDate(null)
                .setProvenance(io.supplyshock.schema.Provenance.newBuilder(ReferenceData.policy("e97").getProvenance()).setGroup(id).build()).build());
    }

    @Test
    void twoUndatedNewsSharesThatDisagreeGiveTheSameStateWhicheverArrivesLast() {
        SupplyShare seventy = SupplyShare.newBuilder().setCountry("CN").setStage(SupplyStage.PROCESSING).setSharePct(70.0).setSource("n70").build();
        SupplyShare ninety = SupplyShare.newBuilder(seventy).setSharePct(90.0).setSource("n90").build();
        CommodityState a = CommodityStates.empty("critical_minerals");
        CommodityState b = a;
        for (SupplyShare s : List.of(seventy, ninety, seventy)) a = withShare(a, s);
        for (SupplyShare s : List.of(ninety, seventy)) b = withShare(b, s);

        // Replaying a report must not flip the state back, or every replay would re-assess the measures it informs.
        assertThat(processingShareOfChina(a)).isEqualTo(processingShareOfChina(b));
        assertThat(processingShareOfChina(a).getSharePct()).isEqualTo(90.0);
    }

    @Test
    void anExemptionBesideAThreatLeavesTheThreatStandingWhileAPauseEndsIt() {
        java.time.Instant t = java.time.Instant.parse("2026-01-15T00:00:00Z");
        PolicyEvent threat = PolicyEvent.newBuilder(ReferenceData.policy("e97")).setEventId("threat").setCommodity("chips").setIssuerCountry("US")
                .setTargetCountries(List.of("TW")).setInstrument(io.supplyshock.schema.PolicyInstrument.TARIFF)
                .setAction(io.supplyshock.schema.PolicyAction.THREATEN).setEventTime(t).setAnnouncedDate(null).setEffectiveDate(null).build();
        PolicyEvent exemption = PolicyEvent.newBuilder(threat).setEventId("carve-out").setAction(io.supplyshock.schema.PolicyAction.EXEMPT).build();
        PolicyEvent pause = PolicyEvent.newBuilder(threat).setEventId("pause").setAction(io.supplyshock.schema.PolicyAction.PAUSE).build();

        CommodityStates.Applied carvedOut = CommodityStates.apply(fold("chips", new Fact.Policy(threat)), new Fact.Policy(exemption));
        CommodityStates.Applied paused = CommodityStates.apply(fold("chips", new Fact.Policy(threat)), new Fact.Policy(pause));

        assertThat(carvedOut.endedEventIds()).isEmpty();
        assertThat(measure(carvedOut.state(), "threat").getEndedBy()).isNull();
        assertThat(paused.endedEventIds()).containsExactly("threat");
        // the same holds when the carve-out arrives first
        CommodityState carveOutFirst = fold("chips", new Fact.Policy(exemption), new Fact.Policy(threat));
        assertThat(measure(carveOutFirst, "threat").getEndedBy()).isNull();
    }

    private static CommodityState withShare(CommodityState state, SupplyShare share) {
        // e81 is an undated (structural) processing share of China
        return CommodityStates.apply(state, new Fact.Market(io.supplyshock.schema.MarketEvent.newBuilder(ReferenceData.market("e81"))
                .setEventId(share.getSource()).setCommodity(state.getCommodity()).setValue(share.getSharePct()).build())).state();
    }

    @Test
    void aStateKeepsAtMostItsCapOfMarketSeriesDroppingTheLongestUnobserved() {
        java.time.Instant t0 = java.time.Instant.parse("2025-01-01T00:00:00Z");
        CommodityState state = CommodityStates.empty("nickel");
        for (int i = 0; i < CommodityStates.MAX_OBSERVATIONS + 10; i++) {
            state = CommodityStates.apply(state, new Fact.Market(io.supplyshock.schema.MarketEvent.newBuilder(ReferenceData.market("e3"))
                    .setEventId("m-" + i).setCommodity("nickel").setVenue("venue-" + i).setEventTime(t0.plusSeconds(i)).build())).state();
        }
        assertThat(state.getObservations()).hasSize(CommodityStates.MAX_OBSERVATIONS);
        assertThat(state.getObservations()).extracting(Observation::getEventId).contains("m-73").doesNotContain("m-0", "m-9");
    }

    private static SupplyShare processingShareOfChina(CommodityState state) {
        return state.getSupplyShares().stream()
                .filter(s -> s.getCountry().equals("CN") && s.getStage() == SupplyStage.PROCESSING)
                .findFirst().orElseThrow();
    }

    static Measure measure(CommodityState state, String eventId) {
        return state.getMeasures().stream().filter(m -> m.getEventId().equals(eventId)).findFirst()
                .orElseThrow(() -> new AssertionError("no measure " + eventId + " in " + state.getMeasures()));
    }
}
