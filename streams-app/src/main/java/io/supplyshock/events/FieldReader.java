package io.supplyshock.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.supplyshock.schema.PartialDate;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed, lenient access to the fields of one JSON object, collecting every problem instead of
 * stopping at the first, so that one rejection reason tells the producer everything to fix.
 *
 * <p>Lenient on purpose: the publisher refuses only what it cannot turn into a record. A number
 * where text is expected becomes its text, a numeric string is a number, a single string where a list
 * is expected becomes a one-element list. Semantic checks (country codes, value ranges) belong to the
 * streams app's ingest stage, which dead-letters with the record in hand.
 */
final class FieldReader {

    private final JsonNode object;
    private final List<FieldProblem> problems = new ArrayList<>();

    FieldReader(JsonNode object) {
        this.object = object;
    }

    /** The text of a field; null when absent, JSON null or blank. */
    String text(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isValueNode() ? node.asText() : node.toString();
        return text.isBlank() ? null : text;
    }

    /** A number; null when absent, JSON null or blank. Records a problem for anything else. */
    Double number(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return finite(field, node.asText(), node.doubleValue());
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return finite(field, text, Double.parseDouble(text));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(new FieldProblem(field, field + ": " + describe(node) + " is not a number"));
        return null;
    }

    private Double finite(String field, String raw, double value) {
        if (Double.isFinite(value)) {
            return value;
        }
        problems.add(new FieldProblem(field, field + ": " + raw + " is out of range for a number"));
        return null;
    }

    /** A partial date; null when absent. Records a problem when the text is not a date. */
    PartialDate date(String field) {
        String raw = text(field);
        try {
            return PartialDates.parse(raw);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, field + ": " + e.getMessage()));
            return null;
        }
    }

    /** A list of strings; empty when absent. Null and blank elements are dropped. */
    List<String> textList(String field) {
        JsonNode node = object.get(field);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            String single = text(field);
            if (single != null) {
                out.add(single);
            }
            return out;
        }
        for (JsonNode element : node) {
            if (element != null && !element.isNull()) {
                String text = element.isValueNode() ? element.asText() : element.toString();
                if (!text.isBlank()) {
                    out.add(text);
                }
            }
        }
        return out;
    }

    void problem(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    List<FieldProblem> problems() {
        return List.copyOf(problems);
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        if (node.isBoolean()) {
            return "boolean " + node.asText();
        }
        return node.isContainerNode() ? (node.isArray() ? "an array" : "an object") : node.toString();
    }
}
