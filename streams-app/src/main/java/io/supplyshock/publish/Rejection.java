package io.supplyshock.publish;

import java.util.Objects;

/**
 * One input line that was not published.
 *
 * @param line   1-based line number in the input file
 * @param id     the line's id (fact id, profile id, commodity) when it could be read, else null
 * @param reason readable reason naming the field and value at fault, or the broker's error
 */
public record Rejection(int line, String id, String reason) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
    }
}
