package io.supplyshock.signals;

import io.supplyshock.state.Fact;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.topics.Shock;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every market-signal detector a fact can trigger. Market facts are looked at with the history
 * they were just added to; policy facts (a declared floor or cap, a stockpile purchase) with the market
 * history they meet, and re-link the price spikes they explain but arrived after. Every detector is a pure function of its inputs, so a replay gives the same signals.
 */
final class MarketSignals {

    private MarketSignals() {
    }

    /**
     * @param history the commodity's market window, already including {@code fact} when it is a market fact
     * @param state   the commodity state with {@code fact} folded in
     */
    public static List<Shock> detect(Fact fact, MarketWindow history, CommodityState state, SignalSettings s) {
        List<Shock> out = new ArrayList<>();
        switch (fact) {
            case Fact.Market m -> {
                MarketPoint point = MarketPoints.of(m.event());
                PriceSpikes.detect(point, history, state, s).ifPresent(out::add);
                PriceFlowDivergence.detect(point, history, state, s).ifPresent(out::add);
                InventoryDrawdowns.detect(point, history, state, s).ifPresent(out::add);
                out.addAll(PriceBounds.onPrice(point, state));
                out.addAll(StockpileSqueezes.onConsumption(point, history, state, s));
            }
            case Fact.Policy p -> {
                Measure measure = measureOf(p.eventId(), state.getMeasures());
                if (measure != null) {
                    PriceBounds.onBound(measure, history).ifPresent(out::add);
                    StockpileSqueezes.onPurchase(measure, p.eventTime(), history, s).ifPresent(out::add);
                    out.addAll(PriceSpikes.relink(measure, history, state, s));
                }
            }
            default -> { /* disruptions and profiles raise no market signal */ }
        }
        return out;
    }

    /**
     * The measure a policy event made, or null. Measures are in event-time order and a policy is usually the newest,
     * so the search starts at the end; should one event id appear twice, the later (newer) measure is the one in force.
     */
    static Measure measureOf(String eventId, List<Measure> measures) {
        for (int i = measures.size() - 1; i >= 0; i--) {
            if (measures.get(i).getEventId().equals(eventId)) return measures.get(i);
        }
        return null;
    }
}
