package io.supplyshock.signals;


import io.supplyshock.scoring.ShockBuilder;
import io.supplyshock.state.Measures;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.MarketMetric;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.PolicyInstrument;
import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.SituationKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import static io.supplyshock.scoring.SeverityModel.fmt;

/**
 * STOCKPILE_SQUEEZE: a government purchase for a strategic stockpile is a large share of the annual
 * consumption it competes with (the US Defense Logistics Agency's 222 t of indium is about 90% of a
 * year of US use). Consumption is a CONSUMPTION market figure, the buyer's country first, else the
 * world's; purchase and consumption must share a mass unit. Checked when either arrives.
 */
final class StockpileSqueezes {

    private StockpileSqueezes() {
    }

    static Optional<Shock> onPurchase(Measure purchase, Instant eventTime, MarketWindow history, SignalSettings s) {
        if (!isPurchase(purchase)) return Optional.empty();
        return consumption(history, purchase).flatMap(c -> squeeze(history.commodity(), purchase, c, purchase.getEventId(), eventTime, s));
    }

    static List<Shock> onConsumption(MarketPoint point, MarketWindow history, CommodityState state, SignalSettings s) {
        if (point.getMetric() != MarketMetric.CONSUMPTION) return List.of();
        List<Shock> out = new ArrayList<>();
        for (Measure m : state.getMeasures()) {
            if (isPurchase(m)) {
                consumption(history, m).filter(c -> c.getEventId().equals(point.getEventId()))
                        .flatMap(c -> squeeze(state.getCommodity(), m, c, point.getEventId(), point.getEventTime(), s))
                        .ifPresent(out::add);
            }
        }
        return out;
    }

    private static boolean isPurchase(Measure m) {
        return m.getInstrument() == PolicyInstrument.STOCKPILE_PURCHASE && Measures.tightens(m.getAction())
                && m.getValue() != null && m.getValue() > 0 && m.getUnit() != null;
    }

    /** Annual consumption in the purchase's unit: the buyer's country if known, else the world's. */
    private static Optional<MarketPoint> consumption(MarketWindow history, Measure purchase) {
        List<MarketPoint> candidates = history.points().stream()
                .filter(p -> p.getMetric() == MarketMetric.CONSUMPTION && p.getValue() != null && p.getValue() > 0
                        && p.getUnit() != null && p.getUnit().startsWith(purchase.getUnit()))
                .toList();
        Comparator<MarketPoint> newest = Comparator.comparing(MarketPoint::getWindowEnd).thenComparing(MarketPoint::getEventTime);
        Optional<MarketPoint> national = candidates.stream()
                .filter(p -> purchase.getIssuerCountry() != null && Objects.equals(p.getCountry(), purchase.getIssuerCountry()))
                .max(newest);
        return national.isPresent() ? national : candidates.stream().filter(p -> p.getCountry() == null).max(newest);
    }

    private static Optional<Shock> squeeze(String commodity, Measure purchase, MarketPoint consumption,
                                                 String triggerId, Instant triggerTime, SignalSettings s) {
        double sharePct = purchase.getValue() / consumption.getValue() * 100.0;
        if (sharePct < s.stockpileSharePct()) return Optional.empty();
        String whose = consumption.getCountry() == null ? "world" : consumption.getCountry();
        return Optional.of(new ShockBuilder(AlertType.STOCKPILE_SQUEEZE, commodity)
                .trigger(triggerId, triggerTime)
                .source(purchase.getEventId())
                .source(consumption.getEventId())
                .country(purchase.getIssuerCountry())
                .group(purchase.getGroup())
                .dedupKey(SituationKey.OfSignal.of(AlertType.STOCKPILE_SQUEEZE, commodity, purchase.getEventId()).value())
                .fact("purchase", fmt(purchase.getValue()) + " " + purchase.getUnit() + " (" + purchase.getEventId() + ")", "stockpile purchase")
                .fact("annual_consumption", fmt(consumption.getValue()) + " " + consumption.getUnit() + " " + whose + " ("
                        + consumption.getEventId() + ")", "the buyer's own consumption when known, else the world's")
                .factor("share_of_consumption", String.format(Locale.ROOT, "%.0f%%", sharePct), Math.min(1.0, 0.3 + 0.7 * sharePct / 100.0),
                        "alert at " + fmt(s.stockpileSharePct()) + "%; factor 0.3 + 0.7 x share, at most 1")
                .summary(String.format(Locale.ROOT, "%s stockpile purchase of %s %s %s is %.0f%% of annual %s consumption",
                        purchase.getIssuerCountry() == null ? "A government" : purchase.getIssuerCountry(), fmt(purchase.getValue()),
                        purchase.getUnit(), commodity, sharePct, whose))
                .build());
    }
}
