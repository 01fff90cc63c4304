package io.supplyshock.bench;

import io.supplyshock.topics.Topics;

import java.util.Locale;
import java.util.Set;

/**
 * The census's sums over every topic, and of them what the app wrote: the figure the write-amplification targets are
 * about. The total alone counted the input events themselves as writes (4.2 per event where the app wrote 3.2).
 */
final class WriteCensus {

    /** Topics the harness or the users publish to: their records are the input, not the app's writes. */
    static final Set<String> INPUT_TOPICS = Set.of(Topics.POLICY_EVENTS, Topics.MARKET_EVENTS, Topics.DISRUPTION_EVENTS,
            Topics.EXPOSURE_PROFILES, Topics.COMMODITY_PROFILES, Topics.PUBLISHER_REPORTS);

    private long records, appRecords, appBytes;

    void add(String topic, long topicRecords, long topicBytes) {
        records += topicRecords;
        if (INPUT_TOPICS.contains(topic)) return;
        appRecords += topicRecords;
        appBytes += topicBytes;
    }

    double appRecordsPerInputEvent(int inputEvents) {
        return (double) appRecords / inputEvents;
    }

    double appBytesPerInputEvent(int inputEvents) {
        return (double) appBytes / inputEvents;
    }

    String perInputEvent(int inputEvents) {
        return String.format(Locale.ROOT, "%,d records in all topics for %,d input events (%.1f per event); the app wrote %,d of them: "
                        + "%.2f records and %,.0f bytes per input event",
                records, inputEvents, (double) records / inputEvents, appRecords, appRecordsPerInputEvent(inputEvents), appBytesPerInputEvent(inputEvents));
    }
}
