package io.supplyshock.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Whether the stream threads are actually working. A failed thread is replaced, so the streams state can
 * stay RUNNING while the same poison record kills thread after thread; this counts the failures, and
 * {@code maxFailures} of them within {@code window} make the app unhealthy until the window has passed
 * without them.
 */
public final class StreamHealth {

    private final int maxFailures;
    private final Duration window;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private long total;
    private String lastFailure;
    private List<StallWatchdog.Stall> stalls = List.of();

    public StreamHealth(int maxFailures, Duration window) {
        if (maxFailures < 1) throw new IllegalArgumentException("health.failures.max must be at least 1, got " + maxFailures);
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("health.failures.window.seconds must be positive");
        this.maxFailures = maxFailures;
        this.window = window;
    }

    public synchronized void failed(Instant at, Throwable error) {
        total++;
        lastFailure = describe(error);
        recent.addLast(at);
        forgetBefore(at.minus(window));
        // Bounded: only the failures that can still count are kept.
        while (recent.size() > maxFailures) recent.removeFirst();
    }

    public synchronized long total() {
        return total;
    }

    /** The stall watchdog's latest verdict: the threads that stopped moving, empty when all move. */
    public synchronized void stalled(List<StallWatchdog.Stall> now) {
        stalls = List.copyOf(now);
    }

    public synchronized List<StallWatchdog.Stall> stalls() {
        return stalls;
    }

    /** Why the app is unhealthy at {@code now}, or empty when it is not. */
    public synchronized Optional<String> unhealthy(Instant now) {
        forgetBefore(now.minus(window));
        List<String> reasons = new java.util.ArrayList<>();
        if (recent.size() >= maxFailures) {
            reasons.add(recent.size() + " stream-thread failures in the last " + window.toSeconds() + " s (limit "
                    + maxFailures + "); last: " + lastFailure);
        }
        stalls.forEach(s -> reasons.add("stalled: " + s.describe()));
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private void forgetBefore(Instant cutoff) {
        while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) recent.removeFirst();
    }

    /** One line: the exception and its root cause, without the stack trace. */
    public static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == error ? error.toString() : error.toString() + " (cause: " + root + ")";
    }
}
