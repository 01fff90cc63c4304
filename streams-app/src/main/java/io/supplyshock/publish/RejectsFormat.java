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

    /** The {@code --rejects-format} option: JSONL when absent. */
    public static RejectsFormat fromOption(String raw) throws CliArgs.UsageException {
        if (raw == null) {
            return JSONL;
        }
        try {
            return parse(raw);
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException(e.getMessage());
        }
    }
}
