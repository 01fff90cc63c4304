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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import static io.supplyshock.scoring.SeverityModel.fmt;

/**
 * PRICE_FLOOR_BREACH and PRICE_CAP_BREACH: the newest market price of a commodity is below a declared
 * floor or above a declared cap in the same unit (the G7's reported $1,500/kg cap on heavy rare
 * earths). Checked when a price arrives and when a floor or cap is declared, so the order of the
 * two does not matter. A floor or cap without a figure cannot be breached.
 */
final class PriceBounds {

    private PriceBounds() {
    }

    /** A new price, checked against every active floor and cap of its commodity. */
    static List<Shock> onPrice(MarketPoint price, CommodityState state) {
        if (price.getMetric() != MarketMetric.PRICE || price.getValue() == null) return List.of();
        List<Shock> out = new ArrayList<>();
        for (Measure m : state.getMeasures()) {
            breach(state.getCommodity(), price, m).ifPresent(out::add);
        }
        return out;
    }

    /** A new floor or cap, checked against the newest price in its unit. */
    static Optional<Shock> onBound(Measure bound, MarketWindow history) {
        String commodity = history.commodity();
        if (!isBound(bound)) return Optional.empty();
        return history.points().stream()
                .filter(p -> p.getMetric() == MarketMetric.PRICE && p.getValue() != null && Objects.equals(p.getUnit(), bound.getUnit()))
                .max(Comparator.comparing(MarketPoint::getWindowEnd).thenComparing(MarketPoint::getEventTime))
                .flatMap(p -> breach(commodity, p, bound));
    }

    private static boolean isBound(Measure m) {
        return (m.getInstrument() == PolicyInstrument.PRICE_FLOOR || m.getInstrument() == PolicyInstrument.PRICE_CAP)
                && m.getValue() != null && m.getValue() > 0;
    }

    private static Optional<Shock> breach(String commodity, MarketPoint price, Measure bound) {
        if (!isBound(bound) || !Objects.equals(price.getUnit(), bound.getUnit()) || !Measures.isActive(bound, price.getWindowEnd())) {
            return Optional.empty();
        }
        boolean floor = bound.getInstrument() == PolicyInstrument.PRICE_FLOOR;
        double limit = bound.getValue();
        double value = price.getValue();
        if (floor ? value >= limit : value <= limit) return Optional.empty();
        double gap = Math.abs(value - limit) / limit;
        AlertType type = floor ? AlertType.PRICE_FLOOR_BREACH : AlertType.PRICE_CAP_BREACH;
        String word = floor ? "floor" : "cap";
        return Optional.of(new ShockBuilder(type, commodity)
                .trigger(price.getEventId(), price.getEventTime())
                .source(bound.getEventId())
                .country(bound.getIssuerCountry())
                .dedupKey(SituationKey.OfSignal.of(type, commodity, bound.getEventId()).value())
                .sourceText(price.getSummary(), null)
                .factor("breach", String.format(Locale.ROOT, "%s %s vs %s %s %s (%s)", fmt(value), unit(price),
                        word, fmt(limit), unit(price), bound.getEventId()), Math.min(1.0, 0.4 + gap),
                        "0.4 + distance beyond the " + word + " as a share of it, at most 1")
                .summary(String.format(Locale.ROOT, "%s price %s %s is %s the %s %s declared by %s (%s)",
                        commodity, fmt(value), unit(price), floor ? "below" : "above", word, fmt(limit),
                        bound.getIssuerCountry() == null ? "an unnamed issuer" : bound.getIssuerCountry(), bound.getEventId()))
                .build());
    }

    private static String unit(MarketPoint p) {
        return p.getUnit() == null ? "" : p.getUnit();
    }
}
