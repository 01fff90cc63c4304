package io.supplyshock.signals;

import io.supplyshock.topics.KeyNumbers;
import io.supplyshock.schema.internal.MarketPoint;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The order of one market point in its commodity's window, as a string: {@code commodity|day|event time|eventId}.
 * The day is the point's window end as an epoch day, the event time in epoch milliseconds, each shifted and
 * zero-padded so that keys sort by date and time (those before 1970 included). {@link StoredWindow} keeps its points
 * sorted by it, which is {@link MarketPoints#ORDER}. Commodity ids hold no '|'; an event id may, as the last part.
 */
record MarketPointKey(String commodity, LocalDate windowEnd, Instant eventTime, String eventId) {

    private static final char SEPARATOR = '|';
    /** Keeps every date the ingest lets through (years 1900 to 2100) non-negative and seven digits wide. */
    private static final long DAY_OFFSET = 1_000_000;
    private static final int DAY_DIGITS = 7;
    /** The same for event times in milliseconds: 14 digits from before 1900 to after 2100. */
    private static final long MILLI_OFFSET = 10_000_000_000_000L;
    private static final int MILLI_DIGITS = 14;

    MarketPointKey {
        if (commodity.indexOf(SEPARATOR) >= 0) throw new IllegalArgumentException("a commodity id holds no '|': " + commodity);
        long shifted = windowEnd.toEpochDay() + DAY_OFFSET;
        if (shifted < 0 || shifted >= 10_000_000) throw new IllegalArgumentException("date out of the key's range: " + windowEnd);
        long shiftedMillis = eventTime.toEpochMilli() + MILLI_OFFSET;
        if (shiftedMillis < 0 || shiftedMillis >= 100_000_000_000_000L) throw new IllegalArgumentException("event time out of the key's range: " + eventTime);
    }

    static MarketPointKey of(String commodity, MarketPoint point) {
        return new MarketPointKey(commodity, point.getWindowEnd(), point.getEventTime(), point.getEventId());
    }

    /** The prefix all points of {@code commodity} share, and no other commodity's. */
    static String prefix(String commodity) {
        return commodity + SEPARATOR;
    }

    String value() {
        return prefix(commodity) + KeyNumbers.padded(windowEnd.toEpochDay() + DAY_OFFSET, DAY_DIGITS) + SEPARATOR
                + KeyNumbers.padded(eventTime.toEpochMilli() + MILLI_OFFSET, MILLI_DIGITS) + SEPARATOR + eventId;
    }
}
