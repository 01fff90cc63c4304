package io.supplyshock.signals;

import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.topics.SlotKeys;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One commodity's stored market points held in memory in window order, updated in place by each point: a price
 * costs a few comparisons, where re-sorting and re-keying the whole window (up to {@link MarketPoints#MAX_POINTS}
 * points) took an eighth of the stream thread's time under load. In memory the points are ordered by their
 * {@link MarketPointKey} (window end, then event id: {@link MarketPoints#ORDER}); in the store each sits in one of the
 * commodity's {@link MarketPoints#MAX_POINTS} slots ({@code commodity|000} to {@code commodity|199},
 * {@link SlotKeys}), so a point that pushes the oldest out of a full window takes its slot: one record, not a put
 * and a tombstone. Points stored before slots, under their {@link MarketPointKey}, are read as they are and their
 * keys reused when they leave. The window's outcome is that of {@link MarketPoints#add}; {@link #add} also says what
 * the store must write. The points are kept in an array in window order, so the detectors read them as they are:
 * copying the window for every fact took a twentieth of the stream thread.
 */
final class StoredWindow {

    private static final int SLOT_DIGITS = 3;

    private final String commodity;
    private final String prefix;
    /** Order keys, ascending, and at the same index their points. */
    private final ArrayList<String> orderKeys = new ArrayList<>();
    private final ArrayList<MarketPoint> ordered = new ArrayList<>();
    private final List<MarketPoint> orderedView = Collections.unmodifiableList(ordered);
    private final Map<String, String> orderKeyOfEvent = new HashMap<>();
    /** Order key to the store key its point sits under. */
    private final Map<String, String> storeKeyOf = new HashMap<>();
    private final BitSet slotsInUse = new BitSet(MarketPoints.MAX_POINTS);
    /** The newest event time among the points held; null while it must be recomputed. */
    private Instant newest = Instant.EPOCH;

    StoredWindow(String commodity) {
        this.commodity = commodity;
        this.prefix = MarketPointKey.prefix(commodity);
    }

    /** Adds a point read from the store under {@code storeKey}. */
    void load(String storeKey, MarketPoint point) {
        String order = MarketPointKey.of(commodity, point).value();
        put(order, point);
        orderKeyOfEvent.put(point.getEventId(), order);
        place(order, storeKey);
        if (newest != null && point.getEventTime().isAfter(newest)) newest = point.getEventTime();
    }

    /** The newest event time of the points held (the epoch when none). */
    Instant newestEventTime() {
        if (newest == null) {
            newest = Instant.EPOCH;
            for (MarketPoint p : ordered) {
                if (p.getEventTime().isAfter(newest)) newest = p.getEventTime();
            }
        }
        return newest;
    }

    /** The points in window order: a read-only view, which the next {@link #add} or {@link #load} changes. */
    List<MarketPoint> points() {
        return orderedView;
    }

    /**
     * What one added point changes in the store: the key to write it under (null when the store already holds that
     * value, or the point itself fell out of the window), the keys to delete, and the newest event time among the
     * points that left (the epoch when none did).
     */
    record Added(String written, MarketPoint point, List<String> deleted, Instant left) {
    }

    /**
     * Adds the point: it replaces a point of the same event id (in that point's slot), points that no window can
     * reach any more go, and past {@link MarketPoints#MAX_POINTS} the oldest go, the point taking a slot one of them
     * freed.
     */
    Added add(MarketPoint point, int keepDays) {
        String order = MarketPointKey.of(commodity, point).value();
        String replacedOrder = orderKeyOfEvent.remove(point.getEventId());
        MarketPoint replaced = replacedOrder == null ? null : remove(replacedOrder);
        String replacedStoreKey = replacedOrder == null ? null : storeKeyOf.remove(replacedOrder);
        put(order, point);
        orderKeyOfEvent.put(point.getEventId(), order);

        List<String> freed = new ArrayList<>();
        Instant left = Instant.EPOCH;
        boolean pointLeft = false;
        LocalDate newestDay = ordered.getLast().getWindowEnd();
        // Seldom more than one point leaves per fact, so removing from the array's head one at a time is cheap.
        while (!ordered.isEmpty() && (ordered.size() > MarketPoints.MAX_POINTS
                || ChronoUnit.DAYS.between(ordered.getFirst().getWindowEnd(), newestDay) > keepDays)) {
            String oldestOrder = orderKeys.removeFirst();
            MarketPoint oldest = ordered.removeFirst();
            orderKeyOfEvent.remove(oldest.getEventId());
            left = later(left, oldest.getEventTime());
            if (oldestOrder.equals(order)) {
                pointLeft = true;
            } else {
                freed.add(storeKeyOf.remove(oldestOrder));
            }
            if (newest != null && !oldest.getEventTime().isBefore(newest)) newest = null;
        }
        if (replaced != null && !replaced.equals(point)) {
            left = later(left, replaced.getEventTime());
            if (newest != null && !replaced.getEventTime().isBefore(newest)) newest = null;
        }
        if (!pointLeft && newest != null && point.getEventTime().isAfter(newest)) newest = point.getEventTime();

        String written = null;
        if (pointLeft) {
            // Stored before under its own slot: the store must lose it too.
            if (replacedStoreKey != null) freed.add(replacedStoreKey);
        } else {
            String key = replacedStoreKey != null ? replacedStoreKey : !freed.isEmpty() ? freed.removeLast() : firstFreeSlot();
            place(order, key);
            if (!point.equals(replaced)) written = key;
        }
        for (String key : freed) {
            int slot = SlotKeys.slotOf(prefix, key, SLOT_DIGITS);
            if (slot >= 0) slotsInUse.clear(slot);
        }
        return new Added(written, point, freed, left);
    }

    private void put(String order, MarketPoint point) {
        int at = Collections.binarySearch(orderKeys, order);
        if (at >= 0) {
            ordered.set(at, point);
        } else {
            orderKeys.add(-at - 1, order);
            ordered.add(-at - 1, point);
        }
    }

    private MarketPoint remove(String order) {
        int at = Collections.binarySearch(orderKeys, order);
        if (at < 0) return null;
        orderKeys.remove(at);
        return ordered.remove(at);
    }

    private void place(String order, String storeKey) {
        storeKeyOf.put(order, storeKey);
        int slot = SlotKeys.slotOf(prefix, storeKey, SLOT_DIGITS);
        if (slot >= 0) slotsInUse.set(slot);
    }

    /** After eviction at most MAX_POINTS - 1 other points hold slots, so one below MAX_POINTS is free. */
    private String firstFreeSlot() {
        int slot = slotsInUse.nextClearBit(0);
        if (slot >= MarketPoints.MAX_POINTS) throw new IllegalStateException("all market point slots of " + commodity + " are taken");
        return SlotKeys.key(prefix, slot, SLOT_DIGITS);
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }
}
