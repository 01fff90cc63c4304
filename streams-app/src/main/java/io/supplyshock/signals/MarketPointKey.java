package io.supplyshock.signals;

import io.supplyshock.topics.KeyNumbers;
import io.supplyshock.schema.internal.MarketPoint;

import java.time.LocalDate;

/**
 * The order of one market point in its commodity's window, as a string: {@code commodity|day|eventId}. The day is the
 * point's window end as an epoch day, shifted and zero-padded so that keys sort by date (dates before 1970 included).
 * {@link StoredWindow} keeps its points sorted by it; the store keeps them in slots, and held them under this key
 * before slots. Commodity ids hold no '|'; an event id may, as the last part.
 */
record MarketPointKey(String commodity, LocalDate windowEnd, String eventId) {

    private static final char SEPARATOR = '|';
    /** Keeps every date the ingest lets through (years 1900 to 2100) non-negative and seven digits wide. */
    private static final long DAY_OFFSET = 1_000_000;
    private static final int DAY_DIGITS = 7;

    MarketPointKey {
        if (commodity.indexOf(SEPARATOR) >= 0) throw new IllegalArgumentException("a commodity id holds no '|': " + commodity);
        long shifted = windowEnd.toEpochDay() + DAY_OFFSET;
        if (shifted < 0 || shifted >= 10_000_000) throw new IllegalArgumentException("date out of the key's range: " + windowEnd);
    }

    static MarketPointKey of(String commodity, MarketPoint point) {
        return new MarketPointKey(commodity, point.getWindowEnd(), point.getEventId());
    }

    /** The prefix all points of {@code commodity} share, and no other commodity's. */
    static String prefix(String commodity) {
        return commodity + SEPARATOR;
    }

    String value() {
        return prefix(commodity) + KeyNumbers.padded(windowEnd.toEpochDay() + DAY_OFFSET, DAY_DIGITS) + SEPARATOR + eventId;
    }
}
