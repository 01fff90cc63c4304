package io.supplyshock.publish;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal RFC 4180 CSV: comma-separated, fields optionally in double quotes, quotes doubled inside,
 * quoted fields may span lines. Enough for spreadsheet exports of profiles and for rejects reports,
 * without another dependency.
 */
public final class Csv {

    /** One parsed record with the 1-based line it starts on (quoted newlines make records span lines). */
    public record Row(int line, List<String> fields) {
    }

    private Csv() {
    }

    /**
     * Reads every record. A line that is empty (outside quotes) yields an empty field list, so callers
     * can count blank lines.
     *
     * @throws MalformedCsvException when a quoted field is never closed
     */
    public static List<Row> read(BufferedReader reader) throws IOException {
        List<Row> rows = new ArrayList<>();
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // spreadsheet exports often start with a byte-order mark
            }
            int start = lineNumber;
            List<String> fields = new ArrayList<>();
            if (line.isEmpty()) {
                rows.add(new Row(start, fields));
                continue;
            }
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            int i = 0;
            while (true) {
                if (i >= line.length()) {
                    if (!quoted) {
                        break;
                    }
                    String next = reader.readLine();
                    if (next == null) {
                        throw new MalformedCsvException(start, "quoted field opened on line " + start + " is never closed");
                    }
                    lineNumber++;
                    field.append('\n');
                    line = next;
                    i = 0;
                    continue;
                }
                char c = line.charAt(i++);
                if (quoted) {
                    if (c == '"' && i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            rows.add(new Row(start, fields));
        }
        return rows;
    }

    /** One CSV line (without line terminator); null becomes an empty field. */
    public static String line(List<?> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(escape(values.get(i) == null ? "" : values.get(i).toString()));
        }
        return out.toString();
    }

    static String escape(String value) {
        boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                || !value.equals(value.strip());
        return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** The file is not CSV at the given line; the rest of it cannot be read reliably. */
    public static final class MalformedCsvException extends IOException {
        private final int line;

        public MalformedCsvException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }
}
