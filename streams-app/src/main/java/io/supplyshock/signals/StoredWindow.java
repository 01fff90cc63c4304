package io.supplyshock.signals;

import io.supplyshock.schema.internal.MarketPoint;
import io.supplyshock.schema.internal.MarketPointBlock;
import io.supplyshock.topics.SlotBlocks;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One commodity's stored market points held in memory in window order, updated in place by each point: a price
 * costs a few comparisons, where re-sorting and re-keying the whole window (up to {@link MarketPoints#MAX_POINTS}
 * points) took an eighth of the stream thread's time under load. In memory the points are ordered by their
 * {@link MarketPointKey} (window end, event time, event id: {@link MarketPoints#ORDER}). Each point sits in one of the
 * commodity's {@link MarketPoints#MAX_POINTS} slots, and a point that pushes the oldest out of a full window takes
 * its slot, so new points fill the slots in turn. The store keeps the slots in blocks of {@link #BLOCK_SIZE}
 * ({@code commodity|00} to {@code commodity|19}, {@link SlotBlocks}): the points of one commit that fall in one block,
 * as a commodity's consecutive points do, cost one changelog record once the record cache has merged them, where a
 * record per point cost one each. The window's outcome is that of {@link MarketPoints#add}; {@link #add} also says
 * which blocks the store must rewrite. The points are kept in an array in window order, so the detectors read them
 * as they are: copying the window for every fact took a twentieth of the stream thread.
 */
final class StoredWindow {

    /** Slots per stored block: a block holds ten points of about 60 bytes. */
    static final int BLOCK_SIZE = 10;
    static final int BLOCKS = MarketPoints.MAX_POINTS / BLOCK_SIZE;

    private final String commodity;
    /** Order keys, ascending, and at the same index their points. */
    private final ArrayList<String> orderKeys = new ArrayList<>();
    private final ArrayList<MarketPoint> ordered = new ArrayList<>();
    private final List<MarketPoint> orderedView = Collections.unmodifiableList(ordered);
    private final Map<String, String> orderKeyOfEvent = new HashMap<>();
    /** Order key to the slot its point sits in. */
    private final Map<String, Integer> slotOf = new HashMap<>();
    /** The point in each slot, null where the slot is free. */
    private final SlotBlocks<MarketPoint> bySlot;
    /** The newest event time among the points held; null while it must be recomputed. */
    private Instant newest = Instant.EPOCH;

    StoredWindow(String commodity) {
        this.commodity = commodity;
        this.bySlot = new SlotBlocks<>(MarketPointKey.prefix(commodity), MarketPoints.MAX_POINTS, BLOCK_SIZE);
    }

    /** The store key of one block of the commodity's slots. */
    String blockKey(int block) {
        return bySlot.key(block);
    }

    /** Adds the points of a block read from the store under {@code storeKey}; a key of another shape is refused. */
    void load(String storeKey, MarketPointBlock block) {
        int first = bySlot.load(storeKey, block.getPoints());
        for (int i = 0; i < BLOCK_SIZE; i++) {
            MarketPoint point = block.getPoints().get(i);
            if (point == null) continue;
            String order = MarketPointKey.of(commodity, point).value();
            put(order, point);
            orderKeyOfEvent.put(point.getEventId(), order);
            slotOf.put(order, first + i);
            if (newest != null && point.getEventTime().isAfter(newest)) newest = point.getEventTime();
        }
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
     * What one added point changes in the store: the blocks whose slots changed, ascending (none when the store
     * already holds that value), and the newest event time among the points that left (the epoch when none did).
     */
    record Added(List<Integer> changedBlocks, Instant left) {
    }

    /**
     * The block as the store must hold it: its slots in order, null where free; null when every slot is free (the
     * block's key is then deleted).
     */
    MarketPointBlock block(int index) {
        List<MarketPoint> slots = bySlot.block(index);
        return slots == null ? null : new MarketPointBlock(slots);
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
        Integer replacedSlot = replacedOrder == null ? null : slotOf.remove(replacedOrder);
        put(order, point);
        orderKeyOfEvent.put(point.getEventId(), order);

        List<Integer> freed = new ArrayList<>();
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
                freed.add(slotOf.remove(oldestOrder));
            }
            if (newest != null && !oldest.getEventTime().isBefore(newest)) newest = null;
        }
        if (replaced != null && !replaced.equals(point)) {
            left = later(left, replaced.getEventTime());
            if (newest != null && !replaced.getEventTime().isBefore(newest)) newest = null;
        }
        if (!pointLeft && newest != null && point.getEventTime().isAfter(newest)) newest = point.getEventTime();

        if (pointLeft) {
            // Stored before in its own slot: the store must lose it too.
            if (replacedSlot != null) freed.add(replacedSlot);
        } else {
            // A full window hands on a slot its eviction freed, so a free slot is asked for only while it is not full.
            int slot = replacedSlot != null ? replacedSlot : !freed.isEmpty() ? freed.removeLast() : bySlot.firstFree();
            slotOf.put(order, slot);
            bySlot.set(slot, point);
        }
        for (int slot : freed) bySlot.set(slot, null);
        return new Added(bySlot.takeChanged(), left);
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

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }
}
