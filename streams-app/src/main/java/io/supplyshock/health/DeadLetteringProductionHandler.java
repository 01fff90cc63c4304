package io.supplyshock.health;

import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A record that can never be produced (larger than the broker accepts) goes to the dead-letter topic with
 * its reason and the first kilobyte of its bytes, and processing resumes, instead of failing the stream
 * thread over and over on the same record. Other production errors keep Kafka Streams' default (fail).
 */
public final class DeadLetteringProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProductionHandler.class);

    private DeadLetterSink sink = DeadLetterSink.NONE;

    public DeadLetteringProductionHandler() {
    }

    DeadLetteringProductionHandler(DeadLetterSink sink) {
        this.sink = sink;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        sink = DeadLetterSink.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException) || !sink.canEncode()) return Response.fail();
        int size = record.value() == null ? 0 : record.value().length;
        String detail = "cannot produce to " + record.topic() + ": " + exception.getMessage() + " (value " + size + " bytes; first "
                + DeadLetterSink.KEPT_BYTES + " kept)";
        DeadLetter letter = sink.letter(context, context.topic() == null ? record.topic() : context.topic(), DeadLetterReason.TOO_LARGE, detail,
                DeadLetterSink.head(record.key()), DeadLetterSink.head(record.value()));
        LOG.warn("dead-lettered a record for {} ({}): {}", record.topic(), DeadLetterReason.TOO_LARGE, detail);
        return Response.resume(List.of(sink.record(record.topic().getBytes(StandardCharsets.UTF_8), letter)));
    }
}
