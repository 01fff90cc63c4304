package io.supplyshock.profiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.supplyshock.publish.CsvRecords;
import io.supplyshock.events.Rejection;
import io.supplyshock.publish.Utf8Lines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The user formats' common ground: a table with named columns, as JSON Lines (one object per line)
 * or CSV with a header row. Reading gives each row's text fields with its line number, so every
 * format checks its rows the same way whichever file type the user chose.
 *
 * <p>Line accounting: for JSON Lines every physical line counts; for CSV every record after the
 * header counts (a quoted field may span lines; the record is numbered by the line it starts on).
 */
final class TableFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Row(int line, Map<String, String> fields) {
        /** The trimmed value of a column; null when absent or blank. */
        String get(String column) {
            String v = fields.get(column);
            return v == null || v.isBlank() ? null : v.strip();
        }
    }

    /** @param unreadable rows that are not rows at all (invalid JSON, wrong field count) */
    record Contents(int totalLines, int blankLines, List<Row> rows, List<Rejection> unreadable) {
    }

    /** The file cannot be read as the table at all (e.g. a CSV without the required columns). */
    static final class FormatException extends IOException {
        FormatException(String message) {
            super(message);
        }
    }

    private TableFile() {
    }

    static boolean isCsv(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    static Contents read(Path file, List<String> columns, List<String> requiredColumns) throws IOException {
        return isCsv(file) ? readCsv(file, columns, requiredColumns) : readJsonl(file);
    }

    private static Contents readJsonl(Path file) throws IOException {
        List<Utf8Lines.Line> lines = Utf8Lines.read(file);
        List<Row> rows = new ArrayList<>();
        List<Rejection> unreadable = new ArrayList<>();
        int blank = 0;
        for (Utf8Lines.Line line : lines) {
            if (line.text() == null) {
                unreadable.add(Rejection.of(line.number(), null, line.error()));
            } else if (line.isBlank()) {
                blank++;
            } else {
                try {
                    JsonNode node = JSON.readTree(line.text());
                    if (node == null || !node.isObject()) {
                        unreadable.add(Rejection.of(line.number(), null, "not a JSON object"));
                    } else {
                        rows.add(new Row(line.number(), textFields(node)));
                    }
                } catch (JsonProcessingException e) {
                    unreadable.add(Rejection.of(line.number(), null, "invalid JSON: " + e.getOriginalMessage()));
                }
            }
        }
        return new Contents(lines.size(), blank, rows, unreadable);
    }

    private static Map<String, String> textFields(JsonNode node) {
        Map<String, String> fields = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v != null && !v.isNull()) {
                fields.put(e.getKey().strip().toLowerCase(Locale.ROOT), v.isValueNode() ? v.asText() : v.toString());
            }
        });
        return fields;
    }

    private static Contents readCsv(Path file, List<String> columns, List<String> requiredColumns) throws IOException {
        List<CsvRecords.Record> records;
        try {
            records = CsvRecords.read(file);
        } catch (CharacterCodingException e) {
            throw new FormatException(file + " is not valid UTF-8 text (save the CSV as UTF-8)");
        }
        int headerIndex = 0;
        while (headerIndex < records.size() && records.get(headerIndex).fields().isEmpty()) {
            headerIndex++;
        }
        if (headerIndex == records.size()) {
            return new Contents(0, 0, List.of(), List.of());
        }
        List<String> header = records.get(headerIndex).fields().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        List<String> missing = requiredColumns.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new FormatException(file + ": the CSV header (line " + records.get(headerIndex).line() + ") lacks column(s) "
                    + String.join(", ", missing) + "; expected a header row of " + String.join(",", columns));
        }
        List<Row> rows = new ArrayList<>();
        List<Rejection> unreadable = new ArrayList<>();
        int blank = 0;
        List<CsvRecords.Record> data = records.subList(headerIndex + 1, records.size());
        for (CsvRecords.Record record : data) {
            if (record.blank()) {
                blank++;
            } else if (record.fields().size() > header.size()) {
                unreadable.add(Rejection.of(record.line(), null, "has " + record.fields().size()
                        + " fields but the header has " + header.size() + " (an unquoted comma?)"));
            } else {
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < record.fields().size(); i++) {
                    fields.put(header.get(i), record.fields().get(i));
                }
                rows.add(new Row(record.line(), fields));
            }
        }
        return new Contents(data.size(), blank, rows, unreadable);
    }

    /** Writes rows (column -> value, null for none) in the file's format, columns in the given order. */
    static void write(Path file, List<String> columns, List<Map<String, Object>> rows) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (isCsv(file)) {
            CsvRecords.write(file, columns, rows.stream().map(row -> columns.stream().map(row::get).toList()).toList());
            return;
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map<String, Object> row : rows) {
                out.write(jsonLine(columns, row));
                out.newLine();
            }
        }
    }

    private static String jsonLine(List<String> columns, Map<String, Object> row) throws JsonProcessingException {
        ObjectNode node = JSON.createObjectNode();
        for (String column : columns) {
            node.set(column, JSON.valueToTree(row.get(column)));
        }
        return JSON.writeValueAsString(node);
    }
}
