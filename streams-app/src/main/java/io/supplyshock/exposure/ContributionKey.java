package io.supplyshock.exposure;

import io.supplyshock.topics.KeyNumbers;

/**
 * The key of one shock's contribution in the shock-contributions store: {@code commodity|sequence|eventId}. A
 * contribution is identified by its shock's event id; the sequence is its place in the order the commodity's
 * shocks arrived (zero-padded, so a prefix scan returns them oldest first), which is the order of the
 * contributions in an exposure row and decides which are the oldest when the cap is reached.
 */
record ContributionKey(String commodity, long sequence, String eventId) {

    private static final char SEPARATOR = '|';
    private static final int SEQUENCE_DIGITS = 19;

    ContributionKey {
        if (commodity.indexOf(SEPARATOR) >= 0) throw new IllegalArgumentException("a commodity id holds no '|': " + commodity);
        if (sequence < 0) throw new IllegalArgumentException("negative sequence " + sequence);
    }

    /** The prefix all contributions of {@code commodity} share, and no other commodity's. */
    static String prefix(String commodity) {
        return commodity + SEPARATOR;
    }

    String value() {
        return prefix(commodity) + KeyNumbers.padded(sequence, SEQUENCE_DIGITS) + SEPARATOR + eventId;
    }

    static ContributionKey parse(String key) {
        int first = key.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : key.indexOf(SEPARATOR, first + 1);
        if (second != first + 1 + SEQUENCE_DIGITS) throw new IllegalArgumentException("not a contribution key (commodity|sequence|event id): " + key);
        return new ContributionKey(key.substring(0, first), Long.parseLong(key.substring(first + 1, second)), key.substring(second + 1));
    }
}
