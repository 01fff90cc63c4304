package io.supplyshock.publish;

import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.Objects;

/** Outcome of mapping one input line: a record ready to publish, or the reason it cannot be. */
public sealed interface LineResult {

    int lineNumber();

    /** Producer's fact id, or null when the line has none that could be read. */
    String eventId();

    /**
     * @param topic     topic the record goes to
     * @param key       record key (the normalised commodity)
     * @param value     the Avro record
     * @param eventTime when the fact became known; also the Kafka record timestamp
     * @param undated   true when the line had no date and {@code eventTime} is the publish time
     */
    record Mapped(int lineNumber, String eventId, String topic, String key, SpecificRecord value,
                  Instant eventTime, boolean undated) implements LineResult {
        public Mapped {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(eventTime, "eventTime");
        }
    }

    record Rejected(int lineNumber, String eventId, String reason) implements LineResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
