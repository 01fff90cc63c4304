package io.supplyshock.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls until a probe answers (non-null), for integration tests against the real stack. */
public final class Await {

    private Await() {
    }

    public static <T> T until(Duration wait, Duration every, String what, Supplier<T> probe) throws InterruptedException {
        return until(wait, every, what, probe, () -> "");
    }

    /** As above; on a timeout the failure also says what {@code whyNot} finds then (the app's state, its lag), for a run that cannot be repeated. */
    public static <T> T until(Duration wait, Duration every, String what, Supplier<T> probe, Supplier<String> whyNot) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) return value;
            Thread.sleep(every.toMillis());
        }
        String found;
        try {
            found = whyNot.get();
        } catch (RuntimeException e) {
            found = "(could not look: " + e + ")";
        }
        throw new AssertionError("no " + what + " within " + wait.toSeconds() + " s" + (found.isBlank() ? "" : "; " + found));
    }
}
