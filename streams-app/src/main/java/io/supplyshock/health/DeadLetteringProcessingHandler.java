package io.supplyshock.health;

import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import io.supplyshock.topics.RegistryErrors;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * A record a processor fails on is dead-lettered with the failure, as it was read, and processing goes on: one
 * record cannot stop every commodity, and none is dropped with only a log line to show for it.
 *
 * <p>A failure that says nothing about the record is not the record's fault: the schema registry out of reach while
 * a store or an internal topic encoded a value. That fails the stream thread instead. It is replaced and reads the
 * record again once the registry answers, and exactly-once loses and doubles nothing; a dead letter would have set
 * a good record aside for an outage.
 */
public final class DeadLetteringProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProcessingHandler.class);

    private DeadLetterSink sink = DeadLetterSink.NONE;

    public DeadLetteringProcessingHandler() {
    }

    DeadLetteringProcessingHandler(DeadLetterSink sink) {
        this.sink = sink;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        sink = DeadLetterSink.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String failure = StreamHealth.describe(exception);
        if (RegistryErrors.isUnreachable(exception)) {
            LOG.warn("processor {} could not reach the schema registry; failing the thread so that the record is read again: {}",
                    context.processorNodeId(), failure);
            return Response.fail();
        }
        // A punctuation has no record of its own: nothing to set aside.
        if (context.topic() == null) {
            LOG.error("processor {} failed outside any record, skipped: {}", context.processorNodeId(), failure, exception);
            return Response.resume();
        }
        // Only where the app did not hand over the dead-letter serializer (a tool's own topology).
        if (!sink.canEncode()) {
            LOG.error("processor {} failed on {}-{}@{}, skipped (no dead-letter topic configured): {}", context.processorNodeId(),
                    context.topic(), context.partition(), context.offset(), failure, exception);
            return Response.resume();
        }
        String detail = "processing failed in " + context.processorNodeId() + ": " + failure;
        DeadLetter letter = sink.letter(context, context.topic(), DeadLetterReason.OTHER, DeadLetterSink.clip(detail),
                DeadLetterSink.whole(context.sourceRawKey()), DeadLetterSink.whole(context.sourceRawValue()));
        // The stack trace once, at the point of failure: it is a bug to fix, not bad input.
        LOG.error("dead-lettered {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), detail, exception);
        return Response.resume(List.of(sink.record(context.sourceRawKey(), letter)));
    }
}
