package io.supplyshock.topics;

import java.util.BitSet;

/**
 * Store keys that name one of a fixed number of places under a prefix ({@code prefix} then the slot, zero-padded),
 * for stores that keep at most so many entries per prefix. The entry that pushes another past the cap takes its
 * place, so the cap costs one changelog record where a key of the entry's own would cost a put and a tombstone.
 * Entries hold what identifies and orders them; the key only says where. Keys of another shape under the same
 * prefix (written before slots) are places too: their owners reuse them as they free.
 */
public final class SlotKeys {

    private SlotKeys() {
    }

    public static String key(String prefix, int slot, int digits) {
        return prefix + KeyNumbers.padded(slot, digits);
    }

    /**
     * The lowest of the {@code slots} slots under {@code prefix} that none of {@code keysInUse} names, or -1 when all
     * are taken. Keys of another shape (or prefix) take no slot.
     */
    public static int firstFree(String prefix, Iterable<String> keysInUse, int digits, int slots) {
        BitSet taken = new BitSet(slots);
        for (String key : keysInUse) {
            int slot = slotOf(prefix, key, digits);
            if (slot >= 0) taken.set(slot);
        }
        int free = taken.nextClearBit(0);
        return free < slots ? free : -1;
    }

    /** As {@link #firstFree(String, Iterable, int, int)}, over every slot {@code digits} digits name. */
    public static int firstFree(String prefix, Iterable<String> keysInUse, int digits) {
        return firstFree(prefix, keysInUse, digits, (int) Math.pow(10, digits));
    }

    /** The slot {@code key} names under {@code prefix}, or -1 for a key of another shape. */
    public static int slotOf(String prefix, String key, int digits) {
        if (key.length() != prefix.length() + digits || !key.startsWith(prefix)) return -1;
        for (int i = prefix.length(); i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') return -1;
        }
        return Integer.parseInt(key, prefix.length(), key.length(), 10);
    }
}
