package io.supplyshock.publish;

import org.apache.kafka.common.KafkaException;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The part every publisher shares: send the records (or, in a dry run, only count them) and book
 * every source line as published or rejected with the send error.
 */
public final class RecordDelivery {

    /** @param failedLines input lines whose record was not published */
    public record Outcome(Set<Integer> failedLines, String fatalError) {
    }

    private RecordDelivery() {
    }

    public static Outcome deliver(List<OutgoingRecord> records, boolean dryRun, Supplier<RecordSink> sinks, ReportBuilder report) {
        List<RecordSink.SendFailure> failures = List.of();
        String fatalError = null;
        if (!dryRun && !records.isEmpty()) {
            RecordSink.SendResult result = send(records, sinks);
            failures = result.failures();
            fatalError = result.fatalError();
        }
        Set<OutgoingRecord> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Integer> failedLines = new HashSet<>();
        for (RecordSink.SendFailure f : failures) {
            failed.add(f.record());
            for (SourceLine line : f.record().lines()) {
                report.rejected(line.line(), line.id(), f.reason());
                failedLines.add(line.line());
            }
        }
        for (OutgoingRecord r : records) {
            if (!failed.contains(r)) {
                report.published(r.topic(), r.lines().size());
            }
        }
        report.fatalError(fatalError);
        return new Outcome(Set.copyOf(failedLines), fatalError);
    }

    private static RecordSink.SendResult send(List<OutgoingRecord> records, Supplier<RecordSink> sinks) {
        RecordSink sink;
        try {
            sink = sinks.get();
        } catch (KafkaException e) {
            // e.g. an unresolvable bootstrap address or an invalid client setting
            String error = "cannot create a Kafka producer: " + KafkaRecordSink.rootMessage(e);
            return new RecordSink.SendResult(records.stream()
                    .map(r -> new RecordSink.SendFailure(r, "not published: " + error)).toList(), error);
        }
        try (sink) {
            return sink.sendAll(records);
        }
    }
}
