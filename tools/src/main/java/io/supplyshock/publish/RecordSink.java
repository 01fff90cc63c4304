package io.supplyshock.publish;

import java.util.List;

/** Where publishers send their records; Kafka in production, a list in tests. */
public interface RecordSink extends AutoCloseable {

    /**
     * Sends every record, in order. Never throws for a record-level failure: each failure is returned
     * with its reason. If the destination becomes unusable (broker unreachable, producer fenced), every
     * record not yet committed is returned as failed and {@link SendResult#fatalError()} says why.
     */
    SendResult sendAll(List<OutgoingRecord> records);

    @Override
    void close();

    record SendFailure(OutgoingRecord record, String reason) {
    }

    /** @param fatalError why sending stopped early; null when every record was attempted */
    record SendResult(List<SendFailure> failures, String fatalError) {
        public SendResult {
            failures = List.copyOf(failures);
        }
    }
}
