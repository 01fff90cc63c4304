package io.supplyshock.topics;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A capped list's entries in a fixed number of slots, stored a block of consecutive slots to a record, under
 * {@code prefix} then the block's number ({@link SlotKeys}). An entry that pushes another out of the list takes its
 * slot, so new entries fill the slots in turn, and the entries one commit adds mostly share a block, which a store's
 * record cache writes once where a record per entry cost one each. Entries hold what identifies and orders them; a
 * slot only says where an entry is stored.
 */
public final class SlotBlocks<T> {

    private final String prefix;
    private final int blockSize;
    private final int digits;
    private final List<T> slots;
    private final BitSet changed = new BitSet();

    public SlotBlocks(String prefix, int slotCount, int blockSize) {
        if (slotCount <= 0 || blockSize <= 0 || slotCount % blockSize != 0) {
            throw new IllegalArgumentException(slotCount + " slots do not make blocks of " + blockSize);
        }
        this.prefix = prefix;
        this.blockSize = blockSize;
        this.digits = String.valueOf(slotCount / blockSize - 1).length();
        this.slots = new ArrayList<>(Collections.nCopies(slotCount, null));
    }

    /** Hands every block stored under {@code prefix} to {@code load}, with its key: one prefix scan. */
    public static <B> void readAll(ReadOnlyKeyValueStore<String, B> store, String prefix, BiConsumer<String, B> load) {
        try (KeyValueIterator<String, B> it = store.prefixScan(prefix, Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, B> kv = it.next();
                load.accept(kv.key, kv.value);
            }
        }
    }

    public int blockCount() {
        return slots.size() / blockSize;
    }

    /** The store key of one block. */
    public String key(int block) {
        return SlotKeys.key(prefix, block, digits);
    }

    /**
     * Fills the slots of a block read from the store under {@code key}, and returns the index of its first slot. A key
     * or block of another shape is refused: it would mean a store written by another layout.
     */
    public int load(String key, List<T> block) {
        int index = SlotKeys.slotOf(prefix, key, digits);
        if (index < 0 || index >= blockCount() || block.size() != blockSize) {
            throw new IllegalStateException("not a block of " + blockSize + " slots under " + prefix + ": " + key + " with " + block.size() + " slots");
        }
        for (int i = 0; i < blockSize; i++) slots.set(index * blockSize + i, block.get(i));
        return index * blockSize;
    }

    public T get(int slot) {
        return slots.get(slot);
    }

    /** Puts {@code value} in the slot (null frees it); the slot's block is to be written if the value differs. */
    public void set(int slot, T value) {
        T was = slots.set(slot, value);
        if (!Objects.equals(was, value)) changed.set(slot / blockSize);
    }

    /**
     * The lowest free slot. Every owner caps its list at or below the slots it asks for, so a full set of slots means
     * a broken cap, not a busy commodity: it fails the record rather than overwrite an entry.
     */
    public int firstFree() {
        int slot = slots.indexOf(null);
        if (slot < 0) throw new IllegalStateException("all " + slots.size() + " slots under " + prefix + " are taken");
        return slot;
    }

    /** The block as the store must hold it: its slots in order, null where free; null when every slot is free (its key is then deleted). */
    public List<T> block(int index) {
        List<T> block = new ArrayList<>(slots.subList(index * blockSize, (index + 1) * blockSize));
        return block.stream().allMatch(Objects::isNull) ? null : block;
    }

    /** The blocks whose slots changed since the last call, ascending. */
    public List<Integer> takeChanged() {
        List<Integer> blocks = changed.stream().boxed().toList();
        changed.clear();
        return blocks;
    }
}
