package io.supplyshock.health;

import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How Kafka Streams' error handlers write a dead letter: the app hands them the dead-letter topic's serializer and
 * its counter through the streams config, since Kafka Streams builds the handlers itself.
 */
public record DeadLetterSink(Function<DeadLetter, byte[]> encode, Consumer<DeadLetterReason> counted) {

    /** Set by the app: a {@code Serializer<DeadLetter>} for the dead-letter topic (its registry serde). */
    public static final String SERIALIZER_CONFIG = "supplyshock.dead-letter.serializer";
    /** Set by the app: a {@code Consumer<DeadLetterReason>} told of each dead letter (the metric). */
    public static final String COUNTER_CONFIG = "supplyshock.dead-letter.counter";
    /** The first kilobyte of a value too large to keep whole. */
    static final int KEPT_BYTES = 1024;
    /** A dead letter must itself fit under the broker's 1 MB limit, beside its detail. */
    static final int WHOLE_UP_TO = 512 * 1024;
    private static final int DETAIL_MAX = 480;

    static final DeadLetterSink NONE = new DeadLetterSink(null, reason -> { });

    @SuppressWarnings("unchecked")
    static DeadLetterSink from(Map<String, ?> configs) {
        Function<DeadLetter, byte[]> encode = null;
        if (configs.get(SERIALIZER_CONFIG) instanceof Serializer<?> s) {
            Serializer<DeadLetter> letters = (Serializer<DeadLetter>) s;
            encode = letter -> letters.serialize(Topics.DEAD_LETTERS, letter);
        }
        Consumer<DeadLetterReason> counted = configs.get(COUNTER_CONFIG) instanceof Consumer<?> c ? (Consumer<DeadLetterReason>) c : reason -> { };
        return new DeadLetterSink(encode, counted);
    }

    boolean canEncode() {
        return encode != null;
    }

    DeadLetter letter(ErrorHandlerContext context, String sourceTopic, DeadLetterReason reason, String detail, ByteBuffer rawKey, ByteBuffer rawValue) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setDetail(detail)
                .setSourceTopic(sourceTopic)
                .setSourcePartition(context.partition())
                .setSourceOffset(context.offset())
                .setSourceTimestamp(Instant.ofEpochMilli(context.timestamp()))
                .setRawKey(rawKey)
                .setRawValue(rawValue)
                .setFailedAt(Instant.now())
                .build();
    }

    /** The dead letter as a record for the handler's response, keyed like the record it sets aside, and counted. */
    ProducerRecord<byte[], byte[]> record(byte[] key, DeadLetter letter) {
        counted.accept(letter.getReason());
        return new ProducerRecord<>(Topics.DEAD_LETTERS, key, encode.apply(letter));
    }

    static ByteBuffer head(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(Arrays.copyOf(bytes, Math.min(bytes.length, KEPT_BYTES)));
    }

    /** The bytes as read, so the record can be replayed once its bug is fixed; the head only when too large to fit. */
    static ByteBuffer whole(byte[] bytes) {
        if (bytes == null) return null;
        return bytes.length > WHOLE_UP_TO ? head(bytes) : ByteBuffer.wrap(bytes);
    }

    static String clip(String detail) {
        return detail.length() <= DETAIL_MAX ? detail : detail.substring(0, DETAIL_MAX) + "…";
    }
}
