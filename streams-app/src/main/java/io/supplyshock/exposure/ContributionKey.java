package io.supplyshock.exposure;

import io.supplyshock.topics.SlotKeys;

import java.util.Collection;

/**
 * The key of one shock's contribution in the shock-contributions store: {@code commodity|slot}, the slot one of the
 * commodity's {@link Exposures#MAX_CONTRIBUTIONS} places ({@code 00} to {@code 49}, {@link SlotKeys}). The
 * contribution holds its shock's event id and time, which identify and order it. Stores written before slots keyed
 * {@code commodity|arrival sequence|event id}: such keys are read, and reused when their contribution leaves, so a
 * running store moves to slots as shocks arrive.
 */
record ContributionKey(String commodity, int slot) {

    private static final char SEPARATOR = '|';
    private static final int SLOT_DIGITS = 2;

    ContributionKey {
        if (commodity.indexOf(SEPARATOR) >= 0) throw new IllegalArgumentException("a commodity id holds no '|': " + commodity);
        if (slot < 0 || slot >= Exposures.MAX_CONTRIBUTIONS) throw new IllegalArgumentException("no slot " + slot);
    }

    /** The prefix all contributions of {@code commodity} share, and no other commodity's. */
    static String prefix(String commodity) {
        return commodity + SEPARATOR;
    }

    String value() {
        return SlotKeys.key(prefix(commodity), slot, SLOT_DIGITS);
    }

    /**
     * The lowest slot of {@code commodity} that none of {@code keysInUse} holds. There is always one while fewer than
     * {@link Exposures#MAX_CONTRIBUTIONS} keys are in use, older keys included.
     */
    static ContributionKey firstFree(String commodity, Collection<String> keysInUse) {
        int slot = SlotKeys.firstFree(prefix(commodity), keysInUse, SLOT_DIGITS, Exposures.MAX_CONTRIBUTIONS);
        if (slot < 0) throw new IllegalStateException("all " + Exposures.MAX_CONTRIBUTIONS + " contribution slots of " + commodity + " are taken");
        return new ContributionKey(commodity, slot);
    }
}
