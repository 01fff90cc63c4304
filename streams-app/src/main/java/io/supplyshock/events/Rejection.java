package io.supplyshock.events;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One input line that was not published (or not converted), the same for every tool and report.
 *
 * @param source the input file's name; null until the run that read it names it
 * @param line   1-based line number in the input (for CSV, the line the record starts on)
 * @param id     the line's id (fact id, profile id, commodity, entity name) when it could be read, else null
 * @param reason readable reason naming the field and value at fault, or the broker's error
 * @param raw    the line as read, cut to its first {@value #MAX_RAW_CHARS} characters; null when unknown
 *               (e.g. a line that is not valid UTF-8)
 */
public record Rejection(String source, int line, String id, String reason, String raw) implements LineResult {

    /** How much of a rejected line a report repeats: enough to find and fix it, never a megabyte line. */
    public static final int MAX_RAW_CHARS = 1024;

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        if (raw != null && raw.length() > MAX_RAW_CHARS) {
            raw = raw.substring(0, MAX_RAW_CHARS);
        }
    }

    /** A rejection found while reading a line, before the run names the file. */
    public static Rejection of(int line, String id, String reason) {
        return new Rejection(null, line, id, reason, null);
    }

    /** This rejection with the source and raw line filled in where they are still unknown. */
    public Rejection in(String sourceName, IntFunction<String> rawLine) {
        return new Rejection(source != null ? source : sourceName, line, id, reason, raw != null ? raw : rawLine.apply(line));
    }
}
