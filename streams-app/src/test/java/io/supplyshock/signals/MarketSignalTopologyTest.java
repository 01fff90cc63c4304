package io.supplyshock.signals;

import io.micrometer.core.instrument.Counter;
import io.supplyshock.config.AppConfig;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.ExplanationInput;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.PolicyAction;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.Severity;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.topics.Topics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Market signals through the whole topology, from the figures the reference news gives. */
class MarketSignalTopologyTest {

    @Test
    void tungstenUp229PercentIn2025IsAPriceSpike() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e171");

            Alert spike = single(pipeline, AlertType.PRICE_SPIKE);

            assertThat(spike.getCommodity()).isEqualTo("tungsten");
            // (0.4 + 0.5 x 229/200) x 0.85 (no policy to confirm) = 0.9725 x 0.85 = 0.827
            assertThat(spike.getScore()).isEqualTo(83);
            assertThat(spike.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(input(spike, "price_move").getValue()).isEqualTo("+229% from 2025-01-01 to 2025-12-31");
            assertThat(input(spike, "policy_link").getValue()).isEqualTo("none");
        }
    }

    @Test
    void cobaltSpikeAfterTheDrcExportBanConfirmsIt() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e97", "e172");

            Alert spike = single(pipeline, AlertType.PRICE_SPIKE);

            assertThat(spike.getExplanation().getSummary()).contains("cobalt price +120%").contains("confirms CD export ban (e97)");
            assertThat(input(spike, "policy_link").getFactor()).isEqualTo(1.0);
            assertThat(spike.getExplanation().getSourceEventIds()).containsExactly("e172", "e97");
            assertThat(spike.getIssuerCountry()).isEqualTo("CD");
            // 0.4 + 0.5 x 120/200 = 0.7, confirmed x 1.0
            assertThat(spike.getScore()).isEqualTo(70);
        }
    }

    @Test
    void unconfirmedCobaltSpikeScoresLowerAndServerDramRangeIsAMediumSpike() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e172", "e160");

            List<Alert> spikes = of(pipeline.alerts(), AlertType.PRICE_SPIKE);

            assertThat(spikes).extracting(Alert::getCommodity, Alert::getScore, Alert::getSeverity)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("cobalt", 60, Severity.HIGH),
                            org.assertj.core.groups.Tuple.tuple("server_dram", 47, Severity.MEDIUM));
            assertThat(input(spikes.get(1), "price_move").getValue()).startsWith("+60-70%");
        }
    }

    @Test
    void movesBelowTheThresholdOrWithoutAWindowAreNoSpike() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e174", "e173", "e127", "e11"); // copper +42%, base metals +15%, undated +100%, equities +100% without a window

            assertThat(of(pipeline.alerts(), AlertType.PRICE_SPIKE)).isEmpty();
        }
        try (PipelineDriver pipeline = new PipelineDriver(AppConfig.of(Map.of("signals.price.spike.pct", "40")))) {
            seed(pipeline, "e174");

            assertThat(single(pipeline, AlertType.PRICE_SPIKE).getCommodity()).isEqualTo("copper");
        }
    }

    @Test
    void spikeMeasuredBetweenTwoPriceLevels() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            // A price feed in levels: 100 -> 329 is the +229% the news states for tungsten in 2025.
            pipeline.pipe(Topics.MARKET_EVENTS, "tungsten", price("apt-jan", "tungsten", 100, "2025-01-02"), at("2025-01-02"));
            pipeline.pipe(Topics.MARKET_EVENTS, "tungsten", price("apt-jun", "tungsten", 140, "2025-06-30"), at("2025-06-30"));
            assertThat(of(pipeline.alerts(), AlertType.PRICE_SPIKE)).isEmpty();
            pipeline.pipe(Topics.MARKET_EVENTS, "tungsten", price("apt-dec", "tungsten", 329, "2025-12-31"), at("2025-12-31"));

            Alert spike = single(pipeline, AlertType.PRICE_SPIKE);

            assertThat(input(spike, "price_move").getValue()).startsWith("+229% (100 -> 329 usd_per_mtu) from 2025-01-02");
            assertThat(spike.getExplanation().getSourceEventIds()).containsExactly("apt-dec", "apt-jan");
        }
    }

    @Test
    void aSpikeWhosePolicyArrivesAfterItIsRelinkedAndEndsWhereThePolicyFirstOrderStarts() {
        // A commodity and country the reference never mentions: 100 -> 200 is +100%, magnitude 0.65:
        // 55 MEDIUM unexplained (x 0.85), 65 HIGH once a tightening export measure dated in the window explains it.
        PolicyEvent ban = PolicyEvent.newBuilder(ReferenceData.policy("e97"))
                .setEventId("hf-licence").setCommodity("hafnium").setIssuerCountry("NO").setEventTime(at("2025-02-22")).build();
        MarketEvent low = price("hf-jan", "hafnium", 100, "2025-01-02", "usd_per_kg");
        MarketEvent high = price("hf-mar", "hafnium", 200, "2025-03-31", "usd_per_kg");

        List<Alert> policyFirst;
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipe(pipeline, ban, at("2025-02-22"));
            pipe(pipeline, low, at("2025-01-02"));
            pipe(pipeline, high, at("2025-03-31"));
            policyFirst = of(pipeline.alerts(), AlertType.PRICE_SPIKE);
        }
        List<Alert> priceFirst;
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipe(pipeline, low, at("2025-01-02"));
            pipe(pipeline, high, at("2025-03-31"));
            pipe(pipeline, ban, at("2025-02-22"));
            priceFirst = pipeline.alerts().stream().filter(a -> a.getDedupKey().startsWith("signal:PRICE_SPIKE|hafnium")).toList();
        }

        assertThat(policyFirst).extracting(Alert::getScore, Alert::getSeverity).containsExactly(org.assertj.core.groups.Tuple.tuple(65, Severity.HIGH));
        assertThat(policyFirst.getFirst().getExplanation().getSummary()).contains("confirms NO");
        assertThat(priceFirst).extracting(Alert::getAlertType, Alert::getScore, Alert::getSeverity).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AlertType.PRICE_SPIKE, 55, Severity.MEDIUM),
                org.assertj.core.groups.Tuple.tuple(AlertType.ESCALATION, 65, Severity.HIGH));
        Alert relinked = priceFirst.getLast();
        assertThat(relinked.getDedupKey()).isEqualTo(policyFirst.getFirst().getDedupKey());
        assertThat(relinked.getExplanation().getSummary()).startsWith("re-linked on hf-licence, which arrived after the price")
                .contains("confirms NO");
        assertThat(relinked.getExplanation().getInputs()).isEqualTo(policyFirst.getFirst().getExplanation().getInputs());
    }

    @Test
    void aPolicyThatExplainsNoSpikeReassessesNothing() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipe(pipeline, price("hf-jan", "hafnium", 100, "2025-01-02", "usd_per_kg"), at("2025-01-02"));
            pipe(pipeline, price("hf-mar", "hafnium", 200, "2025-03-31", "usd_per_kg"), at("2025-03-31"));
            // Dated two years after the window: it cannot have caused the move.
            pipe(pipeline, PolicyEvent.newBuilder(ReferenceData.policy("e97")).setEventId("hf-late").setCommodity("hafnium")
                    .setIssuerCountry("NO").setAnnouncedDate(null)
                    .setEffectiveDate(new PartialDate(LocalDate.parse("2027-05-01"), DatePrecision.MONTH, "2027-05"))
                    .setEventTime(at("2027-05-01")).build(), at("2027-05-01"));

            assertThat(pipeline.alerts().stream().filter(a -> a.getDedupKey().startsWith("signal:PRICE_SPIKE|hafnium")))
                    .extracting(Alert::getAlertType, Alert::getScore).containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.PRICE_SPIKE, 55));
        }
    }

    @Test
    void comexSilverDrawdownAcceleratesAndCountsDownToItsBaseline() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e17", "e18", "e19");

            List<Alert> alerts = pipeline.alerts().stream().filter(a -> a.getDedupKey().startsWith("signal:INVENTORY_DRAWDOWN")).toList();

            // e18 completes the signal; e19 adds the days to baseline, which sharpens it into an escalation.
            assertThat(alerts).extracting(Alert::getAlertType, Alert::getSeverity, Alert::getScore).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(AlertType.INVENTORY_DRAWDOWN, Severity.MEDIUM, 55),
                    org.assertj.core.groups.Tuple.tuple(AlertType.ESCALATION, Severity.CRITICAL, 88));
            Alert last = alerts.getLast();
            // 530 -> 430 Moz from 2025-10-01 to mid-January (106 days): 0.94 Moz/day; 2 Moz/day is 2.1x that.
            assertThat(input(last, "average_rate").getValue()).startsWith("0.94 moz/day (530 -> 430 moz over 106 days");
            assertThat(input(last, "acceleration").getValue()).isEqualTo("2.12x");
            // 125 Moz above the pre-election baseline at 2 Moz/day: 62 days.
            assertThat(input(last, "days_to_baseline").getValue()).startsWith("62 days (125 moz above baseline");
            assertThat(last.getExplanation().getSourceEventIds()).containsExactlyInAnyOrder("e17", "e18", "e19");
        }
    }

    @Test
    void outOfOrderSilverFactsWithinGraceGiveOneAlertWithEverything() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipe(pipeline, ReferenceData.market("e19"), at("2026-01-20"));
            seed(pipeline, "e18", "e17");

            Alert alert = single(pipeline, AlertType.INVENTORY_DRAWDOWN);

            assertThat(alert.getScore()).isEqualTo(88);
            assertThat(of(pipeline.alerts(), AlertType.ESCALATION)).isEmpty();
        }
    }

    @Test
    void silverFactsLaterThanTheGracePeriodRaiseNoSignalButStillReachTheState() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            // A silver figure from March moves silver's stream time; January's drawdown facts are then 2 months late.
            pipe(pipeline, ReferenceData.market("e28"), at("2026-03-15"));
            seed(pipeline, "e17", "e18", "e19");

            assertThat(of(pipeline.alerts(), AlertType.INVENTORY_DRAWDOWN)).isEmpty();
            Counter late = pipeline.meters.find("supplyshock.signals.late.records").counter();
            assertThat(late.count()).isEqualTo(3.0);
            assertThat(pipeline.latestState("silver").getObservations()).extracting(o -> o.getEventId()).contains("e17", "e18", "e19");
        }
        try (PipelineDriver pipeline = new PipelineDriver(AppConfig.of(Map.of("signals.grace.days", "90")))) {
            pipe(pipeline, ReferenceData.market("e28"), at("2026-03-15"));
            seed(pipeline, "e17", "e18", "e19");

            assertThat(of(pipeline.alerts(), AlertType.INVENTORY_DRAWDOWN)).hasSize(1);
        }
    }

    @Test
    void silverUp25PercentWhileEtfsLost18MozIsADivergence() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e15");
            assertThat(of(pipeline.alerts(), AlertType.PRICE_FLOW_DIVERGENCE)).isEmpty();
            seed(pipeline, "e16");

            Alert alert = single(pipeline, AlertType.PRICE_FLOW_DIVERGENCE);

            assertThat(alert.getExplanation().getSummary()).startsWith("silver price +25% since 2025-12-25 while ETF holdings fell 18 moz");
            assertThat(input(alert, "window_overlap").getValue()).isEqualTo("100%");
            assertThat(alert.getExplanation().getSourceEventIds()).containsExactlyInAnyOrder("e16", "e15");
            // (0.5 + 0.5 x 25/100) x 0.9 = 0.5625
            assertThat(alert.getScore()).isEqualTo(56);
        }
        try (PipelineDriver pipeline = new PipelineDriver(AppConfig.of(Map.of("signals.divergence.price.pct", "30")))) {
            seed(pipeline, "e15", "e16");

            assertThat(of(pipeline.alerts(), AlertType.PRICE_FLOW_DIVERGENCE)).isEmpty();
        }
    }

    @Test
    void holdingsRisingWithThePriceIsNoDivergence() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e26", "e15"); // ETF holdings +278 Moz in 2025

            assertThat(of(pipeline.alerts(), AlertType.PRICE_FLOW_DIVERGENCE)).isEmpty();
        }
    }

    @Test
    void dlaIndiumPurchaseOf222TonnesIsAStockpileSqueezeInEitherOrder() {
        for (boolean purchaseFirst : new boolean[]{true, false}) {
            try (PipelineDriver pipeline = new PipelineDriver()) {
                if (purchaseFirst) {
                    pipe(pipeline, indiumPurchase(), at("2025-10-15"));
                    pipe(pipeline, usIndiumConsumption(), at("2025-10-16"));
                } else {
                    pipe(pipeline, usIndiumConsumption(), at("2025-10-15"));
                    pipe(pipeline, indiumPurchase(), at("2025-10-16"));
                }

                Alert alert = single(pipeline, AlertType.STOCKPILE_SQUEEZE);

                assertThat(alert.getExplanation().getSummary()).startsWith("US stockpile purchase of 222 tonnes indium is 90% of annual US consumption");
                // 0.3 + 0.7 x 0.899 = 0.929
                assertThat(alert.getScore()).isEqualTo(93);
                assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
            }
        }
    }

    @Test
    void antimonyPurchaseOfAnEighthOfUsUseStaysBelowTheDefaultShare() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            // DLA: up to 3,000 t of antimony, about 1/8 of US use (24,000 t a year).
            pipe(pipeline, purchase("dla-antimony", "antimony", 3000), at("2025-10-15"));
            pipe(pipeline, consumption("us-antimony-use", "antimony", 24000), at("2025-10-16"));
            assertThat(of(pipeline.alerts(), AlertType.STOCKPILE_SQUEEZE)).isEmpty();
        }
        try (PipelineDriver pipeline = new PipelineDriver(AppConfig.of(Map.of("signals.stockpile.share.pct", "10")))) {
            pipe(pipeline, purchase("dla-antimony", "antimony", 3000), at("2025-10-15"));
            pipe(pipeline, consumption("us-antimony-use", "antimony", 24000), at("2025-10-16"));
            assertThat(single(pipeline, AlertType.STOCKPILE_SQUEEZE).getExplanation().getSummary()).contains("is 13% of annual US");
        }
    }

    @Test
    void heavyRareEarthPriceAboveTheG7CapIsACapBreach() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            seed(pipeline, "e79"); // $1,500/kg cap on heavy rare earths
            pipeline.pipe(Topics.MARKET_EVENTS, "heavy_rare_earths", price("dy-1", "heavy_rare_earths", 1400, "2025-12-20", "usd_per_kg"), at("2025-12-20"));
            assertThat(of(pipeline.alerts(), AlertType.PRICE_CAP_BREACH)).isEmpty();
            pipeline.pipe(Topics.MARKET_EVENTS, "heavy_rare_earths", price("dy-2", "heavy_rare_earths", 1800, "2025-12-22", "usd_per_kg"), at("2025-12-22"));

            Alert alert = single(pipeline, AlertType.PRICE_CAP_BREACH);

            assertThat(alert.getExplanation().getSummary()).startsWith("heavy_rare_earths price 1800 usd_per_kg is above the cap 1500");
            // 0.4 + 300/1500 = 0.6
            assertThat(alert.getScore()).isEqualTo(60);
        }
    }

    @Test
    void lightRareEarthPriceBelowTheG7BenchmarkIsAFloorBreachWhicheverArrivesFirst() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.pipe(Topics.MARKET_EVENTS, "light_rare_earths", price("ndpr-1", "light_rare_earths", 17000, "2025-11-20", "usd_per_tonne"), at("2025-11-20"));
            seed(pipeline, "e78"); // $20,000/t benchmark, read as a floor

            Alert alert = single(pipeline, AlertType.PRICE_FLOOR_BREACH);

            assertThat(alert.getExplanation().getSummary()).contains("is below the floor 20000");
            assertThat(alert.getScore()).isEqualTo(55);
        }
    }

    // --- helpers ---------------------------------------------------------------------------

    static void seed(PipelineDriver pipeline, String... ids) {
        for (String id : ids) pipeline.pipe(ReferenceData.seedById().get(id));
    }

    static void pipe(PipelineDriver pipeline, MarketEvent e, Instant at) {
        pipeline.pipe(Topics.MARKET_EVENTS, e.getCommodity(), MarketEvent.newBuilder(e).setEventTime(at).build(), at);
    }

    static void pipe(PipelineDriver pipeline, PolicyEvent e, Instant at) {
        pipeline.pipe(Topics.POLICY_EVENTS, e.getCommodity(), PolicyEvent.newBuilder(e).setEventTime(at).build(), at);
    }

    static Instant at(String date) {
        return LocalDate.parse(date).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    static List<Alert> of(List<Alert> alerts, AlertType type) {
        return alerts.stream().filter(a -> a.getAlertType() == type).toList();
    }

    static Alert single(PipelineDriver pipeline, AlertType type) {
        List<Alert> matching = of(pipeline.alerts(), type);
        assertThat(matching).hasSize(1);
        return matching.getFirst();
    }

    static ExplanationInput input(Alert alert, String name) {
        return alert.getExplanation().getInputs().stream().filter(i -> i.getName().equals(name)).findFirst().orElseThrow();
    }

    private static MarketEvent price(String id, String commodity, double value, String date) {
        return price(id, commodity, value, date, "usd_per_mtu");
    }

    private static MarketEvent price(String id, String commodity, double value, String date, String unit) {
        return MarketEvent.newBuilder(ReferenceData.market("e171"))
                .setEventId(id).setCommodity(commodity).setMetric(MarketMetric.PRICE).setRawSubtype("spot_price")
                .setValue(value).setValueMax(null).setUnit(unit).setDirection(null).setPeriodStart(null)
                .setObservedDate(new PartialDate(LocalDate.parse(date), DatePrecision.DAY, date))
                .setEventTime(at(date))
                .build();
    }

    private static PolicyEvent indiumPurchase() {
        return purchase("dla-indium", "indium", 222);
    }

    private static MarketEvent usIndiumConsumption() {
        // 222 t is "about 90%" of a year of US use: about 247 t a year.
        return consumption("us-indium-use", "indium", 247);
    }

    private static PolicyEvent purchase(String id, String commodity, double tonnes) {
        return PolicyEvent.newBuilder(ReferenceData.policy("e35"))
                .setEventId(id).setCommodity(commodity).setIssuerCountry("US").setRawSubtype("stockpile_purchase")
                .setInstrument(PolicyInstrument.STOCKPILE_PURCHASE).setAction(PolicyAction.IMPOSE)
                .setValue(tonnes).setUnit("tonnes").setEffectiveDate(null)
                .build();
    }

    private static MarketEvent consumption(String id, String commodity, double tonnesPerYear) {
        return MarketEvent.newBuilder(ReferenceData.market("e171"))
                .setEventId(id).setCommodity(commodity).setMetric(MarketMetric.CONSUMPTION).setRawSubtype("annual_consumption")
                .setCountry("US").setValue(tonnesPerYear).setUnit("tonnes_per_year").setDirection(null).setPeriodStart(null)
                .build();
    }
}
