package io.supplyshock.health;

import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A record that can never be produced (larger than the broker accepts) goes to the dead-letter topic with
 * its reason and the first kilobyte of its bytes, and processing resumes, instead of failing the stream
 * thread over and over on the same record. Other production errors keep Kafka Streams' default (fail).
 */
public final class DeadLetteringProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProductionHandler.class);
    /** The dead letter itself must fit: keep this much of the record that did not. */
    static final int KEPT_BYTES = 1024;

    private Function<DeadLetter, byte[]> encode;

    /** Set by the app: how to encode a dead letter (the registry serde of its topic). */
    public static final String SERIALIZER_CONFIG = "supplyshock.dead-letter.serializer";

    public DeadLetteringProductionHandler() {
    }

    DeadLetteringProductionHandler(Function<DeadLetter, byte[]> encode) {
        this.encode = encode;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        Object serializer = configs.get(SERIALIZER_CONFIG);
        if (serializer instanceof Serializer<?> s) {
            Serializer<DeadLetter> deadLetters = (Serializer<DeadLetter>) s;
            encode = letter -> deadLetters.serialize(Topics.DEAD_LETTERS, letter);
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException) || encode == null) return Response.fail();
        int size = record.value() == null ? 0 : record.value().length;
        String detail = "cannot produce to " + record.topic() + ": " + exception.getMessage() + " (value " + size + " bytes; first "
                + KEPT_BYTES + " kept)";
        DeadLetter letter = DeadLetter.newBuilder()
                .setReason(DeadLetterReason.TOO_LARGE)
                .setDetail(detail)
                .setSourceTopic(context.topic() == null ? record.topic() : context.topic())
                .setSourcePartition(context.partition())
                .setSourceOffset(context.offset())
                .setSourceTimestamp(Instant.ofEpochMilli(context.timestamp()))
                .setRawKey(head(record.key()))
                .setRawValue(head(record.value()))
                .setFailedAt(Instant.now())
                .build();
        LOG.warn("dead-lettered a record for {} ({}): {}", record.topic(), DeadLetterReason.TOO_LARGE, detail);
        byte[] key = record.topic().getBytes(StandardCharsets.UTF_8);
        return Response.resume(List.of(new ProducerRecord<>(Topics.DEAD_LETTERS, key, encode.apply(letter))));
    }

    private static ByteBuffer head(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(Arrays.copyOf(bytes, Math.min(bytes.length, KEPT_BYTES)));
    }
}
