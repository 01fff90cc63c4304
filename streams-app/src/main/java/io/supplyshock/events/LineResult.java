package io.supplyshock.events;

import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.Objects;

/** Outcome of mapping one input line: a record ready to publish, or a {@link Rejection} saying why it cannot be. */
public sealed interface LineResult permits LineResult.Mapped, Rejection {

    /**
     * @param lineNumber 1-based line in the input
     * @param eventId   the producer's fact id
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
}
