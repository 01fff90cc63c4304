package io.supplyshock.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls until a probe answers (non-null), for integration tests against the real stack. */
public final class Await {

    private Await() {
    }

    public static <T> T until(Duration wait, Duration every, String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) return value;
            Thread.sleep(every.toMillis());
        }
        throw new AssertionError("no " + what + " within " + wait.toSeconds() + " s");
    }
}
