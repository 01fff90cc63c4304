package io.supplyshock.state;

import io.supplyshock.schema.Measure;
import io.supplyshock.schema.internal.MeasureBlock;
import io.supplyshock.topics.SlotBlocks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Where a commodity's measures sit in the parts store: each in one of its slots, stored ten to a block
 * ({@code commodity|M#00} to {@code M#19}, {@link SlotBlocks}). A measure that pushes another out of the capped list
 * takes its slot, so a commodity's new measures fill the slots in turn and the measures of one commit mostly share a
 * block, which the record cache writes once; a record per measure cost one each. Measures an earlier release stored
 * as records of their own (under their id or a slot of their own) are still read, and move into a block when they
 * change. There are twice as many slots as the list's cap, so that a fact's writes never run short of one.
 */
final class MeasureSlots {

    static final int BLOCK_SIZE = 10;
    static final int SLOTS = 2 * CommodityStates.MAX_MEASURES;

    private final SlotBlocks<Measure> slots;
    private final Map<String, Integer> slotOfMeasure = new HashMap<>();
    /** Measure part id to the key of the record of its own an earlier release stored it under. */
    private final Map<String, String> ownKeys = new HashMap<>();
    /** Slots this fact freed, which a measure it adds takes before any other. */
    private final List<Integer> freed = new ArrayList<>();

    MeasureSlots(String commodity) {
        this.slots = new SlotBlocks<>(StateParts.measureSlotPrefix(commodity), SLOTS, BLOCK_SIZE);
    }

    /** Loads a block read from the store, and returns its measures. */
    List<Measure> load(String storeKey, MeasureBlock block) {
        int first = slots.load(storeKey, block.getMeasures());
        List<Measure> measures = new ArrayList<>(BLOCK_SIZE);
        for (int i = 0; i < BLOCK_SIZE; i++) {
            Measure m = block.getMeasures().get(i);
            if (m == null) continue;
            slotOfMeasure.put(StateParts.measureId(m), first + i);
            measures.add(m);
        }
        return measures;
    }

    /** Notes a measure stored as a record of its own by an earlier release. */
    void storedOnItsOwn(String measureId, String storeKey) {
        ownKeys.put(measureId, storeKey);
    }

    /** Takes the measure out of its slot (or, stored on its own, adds its key to {@code deletes}). */
    void remove(String measureId, List<String> deletes) {
        Integer slot = slotOfMeasure.remove(measureId);
        if (slot != null) {
            slots.set(slot, null);
            freed.add(slot);
        }
        String own = ownKeys.remove(measureId);
        if (own != null) deletes.add(own);
    }

    /**
     * Puts the measure in its slot; a measure new to the slots takes one this fact freed, else the lowest free one (one
     * stored on its own moves into a slot, and its key goes to {@code deletes}).
     */
    void put(String measureId, Measure measure, List<String> deletes) {
        Integer slot = slotOfMeasure.get(measureId);
        if (slot == null) {
            slot = freed.isEmpty() ? slots.firstFree() : freed.removeLast();
            slotOfMeasure.put(measureId, slot);
            String own = ownKeys.remove(measureId);
            if (own != null) deletes.add(own);
        }
        slots.set(slot, measure);
    }

    /** Hands each block this fact changed to {@code write} with its key (a null block: delete the key), and ends the fact. */
    void writeChanged(BiConsumer<String, MeasureBlock> write) {
        freed.clear();
        for (int index : slots.takeChanged()) {
            List<Measure> block = slots.block(index);
            write.accept(slots.key(index), block == null ? null : new MeasureBlock(block));
        }
    }
}
