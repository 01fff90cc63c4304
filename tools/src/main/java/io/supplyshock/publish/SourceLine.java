package io.supplyshock.publish;

/** An input line a record was built from, so a send failure can be reported against it. */
public record SourceLine(int line, String id) {
}
