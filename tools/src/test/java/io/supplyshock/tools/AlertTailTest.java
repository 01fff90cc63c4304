package io.supplyshock.tools;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class AlertTailTest {

    private static final TopicPartition ALERTS_0 = new TopicPartition("supply.alerts", 0);

    @Test
    void aRecordThatCannotBeDecodedIsTriedThreeTimesThenSkipped() {
        AlertTail.UnreadableRecord r = null;
        for (int i = 0; i < 2; i++) {
            r = AlertTail.UnreadableRecord.next(r, failure(7, new SerializationException("unknown magic byte")));
            assertThat(r.giveUp()).isFalse();
        }
        r = AlertTail.UnreadableRecord.next(r, failure(7, new SerializationException("unknown magic byte")));
        assertThat(r.giveUp()).isTrue();
        assertThat(r.where()).isEqualTo("supply.alerts-0@7 after 3 attempts");
    }

    @Test
    void anUnreachableRegistryIsWaitedForRatherThanCountedAsABadRecord() {
        AlertTail.UnreadableRecord r = null;
        for (int i = 0; i < 10; i++) {
            r = AlertTail.UnreadableRecord.next(r, failure(7, new ConnectException("Connection refused")));
        }
        assertThat(r.attempts()).isEqualTo(10);
        assertThat(r.giveUp()).isFalse();
    }

    @Test
    void aFailureAtAnotherOffsetStartsAFreshCount() {
        AlertTail.UnreadableRecord r = AlertTail.UnreadableRecord.next(null, failure(7, new SerializationException("x")));
        r = AlertTail.UnreadableRecord.next(r, failure(7, new SerializationException("x")));
        r = AlertTail.UnreadableRecord.next(r, failure(8, new SerializationException("x")));
        assertThat(r.offset()).isEqualTo(8);
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void theDescriptionNamesEveryCause() {
        String text = AlertTail.describe(failure(3, new SerializationException("Error retrieving Avro schema", new ConnectException("Connection refused"))));
        assertThat(text).contains("RecordDeserializationException: failed at offset 3")
                .contains("<- SerializationException: Error retrieving Avro schema")
                .endsWith("<- ConnectException: Connection refused");
    }

    private static RecordDeserializationException failure(long offset, Throwable cause) {
        return new RecordDeserializationException(RecordDeserializationException.DeserializationExceptionOrigin.VALUE, ALERTS_0, offset,
                0L, TimestampType.CREATE_TIME, null, ByteBuffer.allocate(0), new RecordHeaders(), "failed at offset " + offset, cause);
    }
}
