package io.supplyshock.publish;

import java.io.PrintStream;

/** Progress lines on stderr for long files: every {@code every} items and once at the end of a phase. */
public final class Progress {

    public static final int DEFAULT_EVERY = 1000;

    private final PrintStream err;
    private final int every;

    public Progress(PrintStream err, int every) {
        this.err = err;
        this.every = Math.max(1, every);
    }

    /** Reports {@code done} of {@code total} when a multiple of the interval is crossed or the phase ends. */
    public void step(String phase, int before, int done, int total) {
        if (done >= total || done / every > before / every) {
            err.println(phase + " " + done + "/" + total);
        }
    }

    public void message(String text) {
        err.println(text);
    }
}
