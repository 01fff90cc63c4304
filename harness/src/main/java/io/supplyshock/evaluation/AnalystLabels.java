package io.supplyshock.evaluation;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.supplyshock.schema.Severity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an analyst expects of each labelled event, read from a CSV file with the header
 * {@code event_id,expect,min_band,max_band,direction,situation,storyline,reason} (columns in any order;
 * files written before the direction column, {@code event_id,expect,min_band,max_band,situation[,storyline],reason},
 * are still read, with every direction unstated and so not checked):
 * <ul>
 *   <li>{@code expect}: {@code alert} (the event opens or escalates an alert of its own), {@code repeat}
 *       (a further report of a situation another labelled event opens: no new opening alert) or
 *       {@code none} (no alert at all);</li>
 *   <li>{@code min_band}..{@code max_band}: the severity range the alert (or, for a repeat, its situation)
 *       should have; empty for {@code none};</li>
 *   <li>{@code direction}: the supply effect the analyst expects, {@code tightening} (supply at risk rises: a ban,
 *       an output cut, an attack on a facility, a tariff), {@code relief} (it falls: a licence approval, a lifted
 *       ban, an exemption, a stockpile release, an output rise) or {@code none} (no supply effect);</li>
 *   <li>{@code situation}: events with the same value report the same real-world situation;</li>
 *   <li>{@code storyline} (optional column): events with the same value belong to one storyline;</li>
 *   <li>{@code reason}: one line, in the analyst's words.</li>
 * </ul>
 */
public record AnalystLabels(List<Label> labels) {

    public enum Expect { ALERT, REPEAT, NONE }

    /** The supply effect an analyst expects of an event, or the one an alert says. */
    public enum Direction {
        TIGHTENING, RELIEF, NONE;

        /** Tightening against relief: a neutral reading contradicts neither. */
        public boolean contradicts(Direction other) {
            return (this == TIGHTENING && other == RELIEF) || (this == RELIEF && other == TIGHTENING);
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @param direction null when the file has no direction column (unstated: not checked) */
    public record Label(String eventId, Expect expect, Severity minBand, Severity maxBand, Direction direction, String situation,
                        String storyline, String reason) {
        public boolean inBand(Severity severity) {
            return minBand != null && severity.ordinal() >= minBand.ordinal() && severity.ordinal() <= maxBand.ordinal();
        }

        public String expected() {
            String what = switch (expect) {
                case NONE -> "no alert";
                case ALERT -> "alert " + range();
                case REPEAT -> "repeat " + range();
            };
            return direction == null || expect == Expect.NONE ? what : what + " " + direction.word();
        }

        private String range() {
            return minBand == maxBand ? minBand.name() : minBand + ".." + maxBand;
        }
    }

    public static AnalystLabels read(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<Label> labels = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class).with(schema).readValues(file.toFile())) {
            int line = 1;
            while (rows.hasNext()) {
                line++;
                Map<String, String> row = rows.next();
                try {
                    Label label = label(row);
                    Integer earlier = seen.putIfAbsent(label.eventId(), line);
                    if (earlier != null) throw new IllegalArgumentException("event " + label.eventId() + " is already labelled on line " + earlier);
                    labels.add(label);
                } catch (IllegalArgumentException e) {
                    problems.add(file + " line " + line + ": " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("\n", problems));
        if (labels.isEmpty()) throw new IllegalArgumentException(file + ": no labels (header event_id,expect,min_band,max_band,direction,situation,storyline,reason)");
        return new AnalystLabels(List.copyOf(labels));
    }

    private static Label label(Map<String, String> row) {
        String id = required(row, "event_id");
        Expect expect;
        try {
            expect = Expect.valueOf(required(row, "expect").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expect must be alert, repeat or none, got '" + row.get("expect") + "'");
        }
        Severity min = band(row, "min_band");
        Severity max = band(row, "max_band");
        if (expect != Expect.NONE && (min == null || max == null)) {
            throw new IllegalArgumentException("event " + id + ": expect=" + expect.name().toLowerCase(Locale.ROOT) + " needs min_band and max_band");
        }
        if (expect == Expect.NONE && (min != null || max != null)) {
            throw new IllegalArgumentException("event " + id + ": expect=none takes no band");
        }
        if (min != null && min.ordinal() > max.ordinal()) {
            throw new IllegalArgumentException("event " + id + ": min_band " + min + " is above max_band " + max);
        }
        String storyline = row.get("storyline") == null || row.get("storyline").isBlank() ? null : row.get("storyline").trim();
        return new Label(id, expect, min, max, direction(row), required(row, "situation"), storyline, required(row, "reason"));
    }

    /** Null only when the file has no direction column; a file that has one states it on every row. */
    private static Direction direction(Map<String, String> row) {
        if (!row.containsKey("direction")) return null;
        String value = required(row, "direction");
        try {
            return Direction.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("direction must be tightening, relief or none, got '" + value + "'");
        }
    }

    private static String required(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null || value.isBlank()) throw new IllegalArgumentException("missing " + column);
        return value.trim();
    }

    private static Severity band(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null || value.isBlank()) return null;
        try {
            return Severity.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(column + " must be INFO, LOW, MEDIUM, HIGH or CRITICAL, got '" + value + "'");
        }
    }
}
