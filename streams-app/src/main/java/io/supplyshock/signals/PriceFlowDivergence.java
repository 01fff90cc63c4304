package io.supplyshock.signals;


import io.supplyshock.scoring.ShockBuilder;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.SituationKey;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static io.supplyshock.scoring.SeverityModel.fmt;

/**
 * PRICE_FLOW_DIVERGENCE: the price rose by at least the threshold while investment holdings (ETF
 * holdings or flows) fell over the same window, as silver did early in 2026 (+25% since Christmas
 * while ETFs lost 18 Moz): a rally not carried by investors, often a physical squeeze. Two windows
 * are "the same" when they overlap by at least half of the shorter one.
 */
final class PriceFlowDivergence {

    private static final Set<MarketMetric> HOLDINGS = EnumSet.of(MarketMetric.ETF_FLOW, MarketMetric.ETF_HOLDINGS);
    static final double MIN_OVERLAP = 0.5;

    private PriceFlowDivergence() {
    }

    static Optional<Shock> detect(MarketPoint trigger, MarketWindow history, CommodityState state, SignalSettings s) {
        if (trigger.getMetric() != MarketMetric.PRICE_MOVE && !HOLDINGS.contains(trigger.getMetric())) return Optional.empty();
        List<MarketPoint> rises = history.points().stream()
                .filter(p -> p.getMetric() == MarketMetric.PRICE_MOVE && "pct".equals(p.getUnit()) && MarketPoints.isUp(p)
                        && p.getValue() >= s.divergencePricePct() && p.getWindowStart() != null)
                .toList();
        List<MarketPoint> outflows = history.points().stream()
                .filter(p -> HOLDINGS.contains(p.getMetric()) && MarketPoints.isDown(p) && p.getWindowStart() != null)
                .toList();
        return rises.stream()
                .flatMap(r -> outflows.stream().filter(o -> overlap(r, o) >= MIN_OVERLAP).map(o -> new Pair(r, o)))
                .filter(pair -> pair.rise().getEventId().equals(trigger.getEventId()) || pair.outflow().getEventId().equals(trigger.getEventId()))
                .max(Comparator.comparing((Pair pair) -> pair.rise().getWindowEnd()).thenComparing(pair -> pair.rise().getValue()))
                .map(pair -> divergence(pair.rise(), pair.outflow(), trigger, state));
    }

    private record Pair(MarketPoint rise, MarketPoint outflow) {
    }

    private static Shock divergence(MarketPoint rise, MarketPoint outflow, MarketPoint trigger, CommodityState state) {
        double fall = Math.abs(outflow.getValue());
        String fallText = fmt(fall) + " " + (outflow.getUnit() == null ? "" : outflow.getUnit());
        return new ShockBuilder(AlertType.PRICE_FLOW_DIVERGENCE, state.getCommodity())
                .trigger(trigger.getEventId(), trigger.getEventTime())
                .source(rise.getEventId())
                .source(outflow.getEventId())
                .dedupKey(SituationKey.OfSignal.of(AlertType.PRICE_FLOW_DIVERGENCE, state.getCommodity(), rise.getWindowStart()).value())
                .sourceText(rise.getSummary(), null)
                .factor("price_move", "+" + fmt(rise.getValue()) + "% from " + rise.getWindowStart() + " to " + rise.getWindowEnd()
                        + " (" + rise.getEventId() + ")", 0.5 + 0.5 * Math.min(1.0, rise.getValue() / 100.0), "0.5 + 0.5 x move/100%, at most 1")
                .factor("holdings_change", "-" + fallText + " " + outflow.getMetric() + " from " + outflow.getWindowStart() + " to "
                        + outflow.getWindowEnd() + " (" + outflow.getEventId() + ")", 0.9, "investors sold into the rally")
                .fact("window_overlap", String.format(Locale.ROOT, "%.0f%%", 100 * overlap(rise, outflow)),
                        "share of the shorter window the two overlap; at least " + (int) (100 * MIN_OVERLAP) + "% counts as the same window")
                .summary(String.format(Locale.ROOT, "%s price +%s%% since %s while %s fell %s", state.getCommodity(),
                        fmt(rise.getValue()), rise.getWindowStart(), outflow.getMetric() == MarketMetric.ETF_FLOW ? "ETF holdings" : "holdings",
                        fallText))
                .build();
    }

    static double overlap(MarketPoint a, MarketPoint b) {
        LocalDate start = later(a.getWindowStart(), b.getWindowStart());
        LocalDate end = earlier(a.getWindowEnd(), b.getWindowEnd());
        long shared = ChronoUnit.DAYS.between(start, end);
        long shorter = Math.max(1, Math.min(MarketPoints.windowDays(a), MarketPoints.windowDays(b)));
        return shared <= 0 ? 0.0 : Math.min(1.0, (double) shared / shorter);
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
