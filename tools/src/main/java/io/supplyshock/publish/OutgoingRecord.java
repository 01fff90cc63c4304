package io.supplyshock.publish;

import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A record ready to send, with the input lines it was built from (one for an event, several for a
 * commodity profile grouping rows), so that no line is lost if the send fails.
 *
 * @param timestamp Kafka record timestamp; null lets the producer use the send time
 */
public record OutgoingRecord(String topic, String key, SpecificRecord value, Instant timestamp, List<SourceLine> lines) {
    public OutgoingRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        lines = List.copyOf(lines);
    }
}
