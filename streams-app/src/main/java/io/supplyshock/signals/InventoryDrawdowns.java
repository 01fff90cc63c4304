package io.supplyshock.signals;


import io.supplyshock.scoring.ShockBuilder;
import io.supplyshock.scoring.TimeToEffect;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.SituationKey;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static io.supplyshock.scoring.SeverityModel.fmt;

/**
 * INVENTORY_DRAWDOWN: an exchange inventory is being drawn down at least the configured multiple of its
 * average rate. COMEX silver went from about 530 to 430 Moz between early October and mid-January
 * (about 1 Moz a day), then about 2 Moz a day in January. The average rate comes from a level with
 * the value it started the window at; the recent rate from a stated daily outflow. When the inventory's
 * distance above a baseline is known, the alert gives the days until the baseline at the recent rate.
 */
final class InventoryDrawdowns {

    private static final Set<MarketMetric> INPUTS = EnumSet.of(MarketMetric.INVENTORY_LEVEL, MarketMetric.INVENTORY_CHANGE,
            MarketMetric.INVENTORY_FLOW_RATE, MarketMetric.INVENTORY_VS_BASELINE);

    private InventoryDrawdowns() {
    }

    static Optional<Shock> detect(MarketPoint trigger, MarketWindow history, CommodityState state, SignalSettings s) {
        if (!INPUTS.contains(trigger.getMetric())) return Optional.empty();
        Optional<MarketPoint> level = newest(history, MarketMetric.INVENTORY_LEVEL, p -> p.getValue() != null
                && p.getPreviousValue() != null && p.getPreviousValue() > p.getValue() && MarketPoints.windowDays(p) > 0);
        if (level.isEmpty()) return Optional.empty();
        String unit = level.get().getUnit();
        Optional<MarketPoint> rate = newest(history, MarketMetric.INVENTORY_FLOW_RATE, p -> p.getValue() != null
                && MarketPoints.isDown(p) && p.getUnit() != null && unit != null && p.getUnit().startsWith(unit + "_per_day"));
        if (rate.isEmpty()) return Optional.empty();

        double drawn = level.get().getPreviousValue() - level.get().getValue();
        long days = MarketPoints.windowDays(level.get());
        double average = drawn / days;
        double recent = Math.abs(rate.get().getValue());
        double ratio = recent / average;
        if (ratio < s.inventoryAcceleration()) return Optional.empty();

        Optional<MarketPoint> baseline = newest(history, MarketMetric.INVENTORY_VS_BASELINE, p -> p.getValue() != null
                && p.getValue() > 0 && !MarketPoints.isDown(p) && unit.equals(p.getUnit()));
        ShockBuilder shock = new ShockBuilder(AlertType.INVENTORY_DRAWDOWN, state.getCommodity())
                .trigger(trigger.getEventId(), trigger.getEventTime())
                .source(level.get().getEventId())
                .source(rate.get().getEventId())
                .dedupKey(SituationKey.OfSignal.of(AlertType.INVENTORY_DRAWDOWN, state.getCommodity(), MarketPoints.venue(rate.get()),
                        rate.get().getWindowStart() != null ? rate.get().getWindowStart() : rate.get().getWindowEnd()).value())
                .sourceText(rate.get().getSummary(), null)
                .fact("average_rate", String.format(Locale.ROOT, "%.2f %s/day (%s -> %s %s over %d days, %s to %s, %s)", average, unit,
                        fmt(level.get().getPreviousValue()), fmt(level.get().getValue()), unit, days, level.get().getWindowStart(),
                        level.get().getWindowEnd(), level.get().getEventId()), "drawdown over the level's window")
                .fact("recent_rate", fmt(recent) + " " + unit + "/day since "
                        + (rate.get().getWindowStart() == null ? rate.get().getWindowEnd() : rate.get().getWindowStart())
                        + " (" + rate.get().getEventId() + ")", "stated outflow rate")
                .factor("acceleration", String.format(Locale.ROOT, "%.2fx", ratio), Math.min(1.0, 0.5 + 0.2 * ratio),
                        "recent rate over average rate; alert at " + fmt(s.inventoryAcceleration()) + "x; factor 0.5 + 0.2 x ratio, at most 1");
        String summary = String.format(Locale.ROOT, "%s inventory drawn at %s %s/day, %.1fx its %.2f %s/day average", state.getCommodity(),
                fmt(recent), unit, ratio, average, unit);
        if (baseline.isPresent()) {
            double surplus = baseline.get().getValue();
            long daysLeft = (long) Math.floor(surplus / recent);
            shock.source(baseline.get().getEventId())
                    .factor("days_to_baseline", String.format(Locale.ROOT, "%d days (%s %s above baseline, %s)", daysLeft, fmt(surplus), unit,
                            baseline.get().getEventId()), TimeToEffect.factor(daysLeft), TimeToEffect.describe());
            summary += String.format(Locale.ROOT, "; %s %s above baseline: %d days to baseline at this rate", fmt(surplus), unit, daysLeft);
        } else {
            shock.factor("days_to_baseline", "unknown", 0.6, "no distance to a baseline known");
        }
        return Optional.of(shock.summary(summary).build());
    }

    private static Optional<MarketPoint> newest(MarketWindow history, MarketMetric metric, java.util.function.Predicate<MarketPoint> filter) {
        return history.points().stream()
                .filter(p -> p.getMetric() == metric)
                .filter(filter)
                .max(Comparator.comparing(MarketPoint::getWindowEnd).thenComparing(MarketPoint::getEventTime));
    }
}
