package io.supplyshock.signals;

import io.supplyshock.schema.internal.MarketPoint;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One commodity's stored market points held in memory in window order, updated in place by each point: a price
 * costs a few comparisons, where re-sorting and re-keying the whole window (up to {@link MarketPoints#MAX_POINTS}
 * points) took an eighth of the stream thread's time under load. Store keys ({@link MarketPointKey}) sort by window
 * end, then event id, which is {@link MarketPoints#ORDER}, so a map sorted by key is the window. The outcome of
 * {@link #add} is that of {@link MarketPoints#add}; it also says what the store must write.
 */
final class StoredWindow {

    private final String commodity;
    private final TreeMap<String, MarketPoint> byKey = new TreeMap<>();
    private final Map<String, String> keyOfEvent = new HashMap<>();
    /** The newest event time among the points held; null while it must be recomputed. */
    private Instant newest = Instant.EPOCH;

    StoredWindow(String commodity) {
        this.commodity = commodity;
    }

    /** Adds a point read from the store. */
    void load(String key, MarketPoint point) {
        byKey.put(key, point);
        keyOfEvent.put(point.getEventId(), key);
        if (newest != null && point.getEventTime().isAfter(newest)) newest = point.getEventTime();
    }

    /** The newest event time of the points held (the epoch when none). */
    Instant newestEventTime() {
        if (newest == null) {
            newest = Instant.EPOCH;
            for (MarketPoint p : byKey.values()) {
                if (p.getEventTime().isAfter(newest)) newest = p.getEventTime();
            }
        }
        return newest;
    }

    /** The points in window order. */
    List<MarketPoint> points() {
        return List.copyOf(byKey.values());
    }

    /**
     * What one added point changes in the store: the key to write (null when the store already holds that value, or
     * the point itself fell out of the window), the keys to delete, and the newest event time among the points that
     * left (the epoch when none did).
     */
    record Added(String written, MarketPoint point, List<String> deleted, Instant left) {
    }

    /**
     * Adds the point: it replaces a point of the same event id, points that no window can reach any more go, and past
     * {@link MarketPoints#MAX_POINTS} the oldest go.
     */
    Added add(MarketPoint point, int keepDays) {
        String key = MarketPointKey.of(commodity, point).value();
        String replacedKey = keyOfEvent.remove(point.getEventId());
        MarketPoint replaced = replacedKey == null ? null : byKey.remove(replacedKey);
        byKey.put(key, point);
        keyOfEvent.put(point.getEventId(), key);

        List<String> deleted = new ArrayList<>();
        Instant left = Instant.EPOCH;
        boolean pointLeft = false;
        LocalDate newestDay = byKey.lastEntry().getValue().getWindowEnd();
        while (!byKey.isEmpty() && (byKey.size() > MarketPoints.MAX_POINTS
                || ChronoUnit.DAYS.between(byKey.firstEntry().getValue().getWindowEnd(), newestDay) > keepDays)) {
            Map.Entry<String, MarketPoint> oldest = byKey.pollFirstEntry();
            keyOfEvent.remove(oldest.getValue().getEventId());
            left = later(left, oldest.getValue().getEventTime());
            if (oldest.getKey().equals(key)) {
                pointLeft = true;
                // Stored before under the same key: the store must lose it too.
                if (key.equals(replacedKey)) deleted.add(key);
            } else {
                deleted.add(oldest.getKey());
            }
            if (newest != null && !oldest.getValue().getEventTime().isBefore(newest)) newest = null;
        }
        if (replaced != null && !replaced.equals(point)) {
            left = later(left, replaced.getEventTime());
            if (!replacedKey.equals(key)) deleted.add(replacedKey);
            if (newest != null && !replaced.getEventTime().isBefore(newest)) newest = null;
        }
        if (!pointLeft && newest != null && point.getEventTime().isAfter(newest)) newest = point.getEventTime();
        boolean unchanged = key.equals(replacedKey) && point.equals(replaced);
        return new Added(pointLeft || unchanged ? null : key, point, deleted, left);
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }
}
