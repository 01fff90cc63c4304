package io.supplyshock.signals;

import io.supplyshock.schema.internal.MarketPoint;

import java.util.List;

/**
 * What the detectors look over: one commodity's recent market points, ordered by window end, then event id.
 * Assembled per fact from the commodity's entries in the market-points store; never stored as one record.
 */
record MarketWindow(String commodity, List<MarketPoint> points) {

    MarketWindow {
        points = List.copyOf(points);
    }
}
