package io.supplyshock.publish;

import java.util.Locale;

/** Format of the rejects report: JSON Lines for tools, CSV for spreadsheets. */
public enum RejectsFormat {
    JSONL, CSV;

    public static RejectsFormat parse(String raw) {
        return switch (raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT)) {
            case "jsonl", "json" -> JSONL;
            case "csv" -> CSV;
            default -> throw new IllegalArgumentException("rejects format must be jsonl or csv, got '" + raw + "'");
        };
    }
}
