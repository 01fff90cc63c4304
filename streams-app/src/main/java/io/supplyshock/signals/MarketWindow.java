package io.supplyshock.signals;

import io.supplyshock.schema.internal.MarketPoint;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the detectors look over: one commodity's recent market points, ordered by window end, then event id.
 * Assembled per fact from the commodity's entries in the market-points store; never stored as one record. A
 * window met by a policy is read on first use: most policies (neither a floor, a cap, a purchase nor a dated
 * tightening) look at no point, and then cost no scan.
 */
final class MarketWindow {

    private final String commodity;
    private Supplier<List<MarketPoint>> source;
    private List<MarketPoint> points;

    private MarketWindow(String commodity, Supplier<List<MarketPoint>> source) {
        this.commodity = commodity;
        this.source = source;
    }

    /**
     * A window over {@code points} as they are, not copied: the caller must leave them unchanged while the detectors
     * run on this window.
     */
    static MarketWindow over(String commodity, List<MarketPoint> points) {
        return new MarketWindow(commodity, () -> points);
    }

    /** A window whose points {@code read} gives, in window order, when a detector first asks for them. */
    static MarketWindow readOnUse(String commodity, Supplier<List<MarketPoint>> read) {
        return new MarketWindow(commodity, read);
    }

    String commodity() {
        return commodity;
    }

    List<MarketPoint> points() {
        if (points == null) {
            points = source.get();
            source = null;
        }
        return points;
    }
}
