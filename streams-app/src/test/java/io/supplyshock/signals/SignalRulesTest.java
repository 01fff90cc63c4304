package io.supplyshock.signals;

import io.supplyshock.config.AppConfig;
import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Fact;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.DatePrecision;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PartialDate;
import io.supplyshock.schema.PolicyEvent;
import io.supplyshock.schema.internal.DeadlineMilestone;
import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.testing.ReferenceData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain rules under the signal stages, without a topology. */
class SignalRulesTest {

    @Test
    void aMonthPreciseDateIsPlacedMidMonthAndAYearPreciseOneMidYear() {
        assertThat(MarketPoints.placed(new PartialDate(LocalDate.parse("2026-01-01"), DatePrecision.MONTH, "2026-01")))
                .isEqualTo(LocalDate.parse("2026-01-15"));
        assertThat(MarketPoints.placed(new PartialDate(LocalDate.parse("2025-01-01"), DatePrecision.YEAR, "2025")))
                .isEqualTo(LocalDate.parse("2025-07-01"));
        assertThat(MarketPoints.placed(new PartialDate(LocalDate.parse("2026-01-14"), DatePrecision.DAY, "2026-01-14")))
                .isEqualTo(LocalDate.parse("2026-01-14"));
    }

    @Test
    void aReportedRiseCountsStatedInPercentAsAMultipleOrAsTwoLevels() {
        MarketPoint base = MarketPoints.of(ReferenceData.market("e15"));
        assertThat(PriceSpikes.statedRisePct(MarketPoint.newBuilder(base).setUnit("pct").setValue(229.0).setDirection("up").build()))
                .contains(229.0);
        // "nearly doubled in twelve months"
        assertThat(PriceSpikes.statedRisePct(MarketPoint.newBuilder(base).setUnit("x").setValue(1.9).setDirection(null).build()).orElseThrow())
                .isCloseTo(90.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(PriceSpikes.statedRisePct(MarketPoint.newBuilder(base).setUnit("usd_per_tonne").setValue(600.0).setPreviousValue(300.0)
                .setDirection(null).build())).contains(100.0);
        // a fall, a multiple below one and a level without its previous value are no rise
        assertThat(PriceSpikes.statedRisePct(MarketPoint.newBuilder(base).setUnit("pct").setValue(20.0).setDirection("down").build())).isEmpty();
        assertThat(PriceSpikes.statedRisePct(MarketPoint.newBuilder(base).setUnit("x").setValue(0.8).setDirection(null).build())).isEmpty();
        assertThat(PriceSpikes.statedRisePct(MarketPoint.newBuilder(base).setUnit("usd_per_tonne").setValue(600.0).setPreviousValue(null)
                .setDirection(null).build())).isEmpty();
    }

    @Test
    void aMeasuredSpikeRisesFromTheEarliestLowestEarlierPriceOfItsSeriesWithinTheWindow() {
        SignalSettings settings = SignalSettings.defaults();
        MarketPoint base = MarketPoint.newBuilder(MarketPoints.of(ReferenceData.market("e15"))).setMetric(MarketMetric.PRICE)
                .setUnit("usd_per_tonne").setDirection(null).setPreviousValue(null).setValueMax(null).build();
        CommodityState state = CommodityStates.empty("tungsten");
        LocalDate today = LocalDate.parse("2026-03-01");
        Random random = new Random(19);
        int spikes = 0, quiet = 0;
        for (int round = 0; round < 3_000; round++) {
            // Few values and dates, so that equal lows, equal dates, other series and the window's edges all occur.
            List<MarketPoint> window = new ArrayList<>();
            int size = random.nextInt(40);
            for (int i = 0; i < size; i++) {
                window.add(MarketPoint.newBuilder(base).setEventId("p" + i)
                        .setRawSubtype(random.nextInt(6) == 0 ? "spot_price" : base.getRawSubtype())
                        .setVenue(random.nextInt(6) == 0 ? "other venue" : base.getVenue())
                        .setUnit(random.nextInt(8) == 0 ? "usd_per_kg" : "usd_per_tonne")
                        .setMetric(random.nextInt(10) == 0 ? MarketMetric.INVENTORY_LEVEL : MarketMetric.PRICE)
                        .setValue(random.nextInt(12) == 0 ? null : (double) (50 + 10 * random.nextInt(8)))
                        .setWindowEnd(today.minusDays(random.nextInt(settings.spikeWindowDays() + 20) - 5))
                        .build());
            }
            window.sort(Comparator.comparing(MarketPoint::getWindowEnd).thenComparing(MarketPoint::getEventId));
            MarketPoint price = MarketPoint.newBuilder(base).setEventId(random.nextInt(10) == 0 && size > 0 ? "p0" : "new")
                    .setValue(100.0).setWindowEnd(today).build();

            MarketPoint trough = null;
            for (MarketPoint q : window) {
                boolean sameSeries = q.getMetric() == MarketMetric.PRICE && q.getValue() != null && q.getValue() > 0
                        && !q.getEventId().equals(price.getEventId()) && q.getRawSubtype().equals(price.getRawSubtype())
                        && Objects.equals(q.getVenue(), price.getVenue()) && Objects.equals(q.getUnit(), price.getUnit());
                boolean inWindow = !q.getWindowEnd().isAfter(today) && !q.getWindowEnd().isBefore(today.minusDays(settings.spikeWindowDays()));
                if (sameSeries && inWindow && (trough == null || q.getValue() < trough.getValue()
                        || q.getValue().equals(trough.getValue()) && q.getWindowEnd().isBefore(trough.getWindowEnd()))) {
                    trough = q;
                }
            }
            var shock = PriceSpikes.detect(price, MarketWindow.over(state.getCommodity(), window), state, settings);
            if (trough == null || (100.0 - trough.getValue()) / trough.getValue() * 100 < settings.spikePct()) {
                assertThat(shock).as("round %d: no earlier low of the series far enough below", round).isEmpty();
                quiet++;
            } else {
                assertThat(shock).as("round %d", round).isPresent();
                assertThat(shock.get().explanation().getSourceEventIds()).as("round %d", round).contains(trough.getEventId());
                assertThat(shock.get().explanation().getSummary()).as("round %d", round)
                        .contains(" -> 100 usd_per_tonne) between " + trough.getWindowEnd() + " and " + today);
                spikes++;
            }
        }
        assertThat(spikes).as("windows with a spike").isGreaterThan(1_000);
        assertThat(quiet).as("windows without one").isGreaterThan(300);
    }

    @Test
    void windowsOverlapAsAShareOfTheShorterOne() {
        MarketPoint price = MarketPoints.of(ReferenceData.market("e15"));   // 2025-12-25 .. 2026-01-14
        MarketPoint etf = MarketPoints.of(ReferenceData.market("e16"));     // same window
        MarketPoint year = MarketPoints.of(ReferenceData.market("e26"));    // 2025-01-01 .. 2025-12-31

        assertThat(PriceFlowDivergence.overlap(price, etf)).isEqualTo(1.0);
        assertThat(PriceFlowDivergence.overlap(price, year)).isCloseTo(6.0 / 20.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void knownAtIsTheEndOfTheStatedPeriod() {
        // e41: announced 2026-01-14 (a day)
        assertThat(Deadlines.knownAt(ReferenceData.policy("e41"))).isEqualTo(Instant.parse("2026-01-14T00:00:00Z"));
        // e89: no announcement, reported 2025-12 (a month): certainly known by 2026-01-01
        assertThat(Deadlines.knownAt(ReferenceData.policy("e89"))).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        // e100: announced 2025-06
        assertThat(Deadlines.knownAt(ReferenceData.policy("e100"))).isEqualTo(Instant.parse("2025-07-01T00:00:00Z"));
    }

    @Test
    void negotiationWindowGetsOneCloseWithItsLeads() {
        PolicyEvent e41 = ReferenceData.policy("e41");
        Measure window = measureOf(e41);

        List<DeadlineMilestone> milestones = Deadlines.milestones(window, e41, List.of(30, 7, 1));

        assertThat(milestones).extracting(DeadlineMilestone::getMilestoneId).containsExactly(
                "e41|WINDOW_CLOSES|2026-07-13|30", "e41|WINDOW_CLOSES|2026-07-13|7", "e41|WINDOW_CLOSES|2026-07-13|1",
                "e41|WINDOW_CLOSES|2026-07-13|0");
        assertThat(milestones.getFirst().getDueAt()).isEqualTo(Instant.parse("2026-06-13T00:00:00Z"));
    }

    @Test
    void fundingAndPlansHaveNoCountdown() {
        PolicyEvent e141 = ReferenceData.policy("e141"); // $250bn investment commitment, effective 2026-01-15
        assertThat(Deadlines.milestones(measureOf(e141), e141, List.of(30, 7, 1))).isEmpty();
    }

    @Test
    void settingsAreValidatedWithTheirNames() {
        SignalSettings defaults = SignalSettings.defaults();
        assertThat(defaults.leadDays()).containsExactly(30, 7, 1);
        assertThat(defaults.concentrationCapPct()).isEqualTo(65.0);
        assertThat(defaults.clock()).isEqualTo(SignalSettings.ClockMode.AUTO);
        assertThat(SignalSettings.from(AppConfig.of(Map.of("signals.deadline.lead.days", "1, 14,7"))).leadDays()).containsExactly(14, 7, 1);

        assertThatThrownBy(() -> SignalSettings.from(AppConfig.of(Map.of("signals.clock", "sundial"))))
                .hasMessageContaining("signals.clock must be event-time, wall-clock or auto");
        assertThatThrownBy(() -> SignalSettings.from(AppConfig.of(Map.of("signals.deadline.lead.days", "30,a week"))))
                .hasMessageContaining("signals.deadline.lead.days");
        assertThatThrownBy(() -> SignalSettings.from(AppConfig.of(Map.of("signals.price.spike.pct", "lots"))))
                .hasMessageContaining("signals.price.spike.pct (SUPPLYSHOCK_SIGNALS_PRICE_SPIKE_PCT) must be a number");
    }

    @Test
    void aPolicysMeasureIsFoundWhereverItStandsAndTheNewerOfTwoWithOneIdWins() {
        PolicyEvent base = ReferenceData.policy("e1");
        Measure first = measureOf(PolicyEvent.newBuilder(base).setEventId("m1").build());
        Measure second = measureOf(PolicyEvent.newBuilder(base).setEventId("m2").build());
        Measure third = measureOf(PolicyEvent.newBuilder(base).setEventId("m3").build());
        Measure revisedFirst = Measure.newBuilder(first).setValue(99.0).build();
        List<Measure> measures = List.of(first, second, third);

        assertThat(MarketSignals.measureOf("m1", measures)).isSameAs(first);
        assertThat(MarketSignals.measureOf("m2", measures)).isSameAs(second);
        assertThat(MarketSignals.measureOf("m3", measures)).isSameAs(third);
        assertThat(MarketSignals.measureOf("m4", measures)).isNull();
        assertThat(MarketSignals.measureOf("m1", List.of())).isNull();
        assertThat(MarketSignals.measureOf("m1", List.of(first, second, revisedFirst))).isSameAs(revisedFirst);
    }

    private static Measure measureOf(PolicyEvent e) {
        CommodityState state = CommodityStates.apply(CommodityStates.empty(e.getCommodity()), new Fact.Policy(e)).state();
        return state.getMeasures().getFirst();
    }
}
