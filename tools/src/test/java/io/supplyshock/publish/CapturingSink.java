package io.supplyshock.publish;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A sink that keeps what it is sent; can fail chosen ids, or fail everything as an unreachable broker. */
public final class CapturingSink implements RecordSink {

    public final List<OutgoingRecord> sent = new ArrayList<>();
    private final Set<String> failingIds = new HashSet<>();
    private String fatalError;
    public boolean closed;
    public int opened;

    public CapturingSink failId(String id) {
        failingIds.add(id);
        return this;
    }

    public CapturingSink unreachable(String error) {
        this.fatalError = error;
        return this;
    }

    @Override
    public SendResult sendAll(List<OutgoingRecord> records) {
        opened++;
        List<SendFailure> failures = new ArrayList<>();
        for (OutgoingRecord r : records) {
            if (fatalError != null) {
                failures.add(new SendFailure(r, "not published: " + fatalError));
            } else if (r.lines().stream().anyMatch(l -> failingIds.contains(l.id()))) {
                failures.add(new SendFailure(r, "broker refused the record: RecordTooLargeException"));
            } else {
                sent.add(r);
            }
        }
        return new SendResult(failures, fatalError);
    }

    @Override
    public void close() {
        closed = true;
    }
}
