package io.supplyshock.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.supplyshock.schema.ExplanationInput;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one input of a score came from, read back from its text. The scorer writes its sources into the input's
 * value and note: a news fact by its event id (one of the explanation's sourceEventIds), a baseline row as
 * "SOURCE, as of YEAR" with ", estimate" when the publication estimates it (scoring/Knowledge#provenance,
 * WorldTables). An input naming neither (stringency, breadth, time to effect) is derived from the triggering
 * event itself, the first of the sourceEventIds, and is marked {@code implied}.
 */
final class Provenance {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * The end of a baseline citation: a year (not a date, which is how an event's own figure is dated) and the
     * estimate mark. The publication before it may hold parentheses of its own, so it is found by walking back.
     */
    private static final Pattern AS_OF_YEAR = Pattern.compile(", as of (\\d{4})(?![-\\d])(, estimate)?");

    private Provenance() {
    }

    static ArrayNode of(ExplanationInput input, List<String> sourceEventIds) {
        String text = input.getValue() + " " + (input.getNote() == null ? "" : input.getNote());
        ArrayNode out = NODES.arrayNode();
        Set<String> events = new LinkedHashSet<>();
        for (String id : sourceEventIds) {
            if (Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(id) + "(?![A-Za-z0-9_-])").matcher(text).find()) events.add(id);
        }
        events.forEach(id -> out.addObject().put("kind", "event").put("eventId", id));
        Set<String> cited = new LinkedHashSet<>();
        Matcher m = AS_OF_YEAR.matcher(text);
        while (m.find()) {
            String source = citedBefore(text, m.start());
            if (source.isEmpty() || events.contains(source) || !cited.add(source + "|" + m.group(1))) continue;
            out.addObject().put("kind", "baseline").put("source", source).put("year", Integer.parseInt(m.group(1)))
                    .put("estimate", m.group(2) != null);
        }
        if (out.isEmpty() && !sourceEventIds.isEmpty()) {
            out.addObject().put("kind", "event").put("eventId", sourceEventIds.get(0)).put("implied", true);
        }
        return out;
    }

    /**
     * The publication a citation names: the text back from {@code end} to the parenthesis that opens the citation
     * (or a semicolon outside any inner parenthesis), so "(EC, Study (processing; via X), as of 2020)" names
     * "EC, Study (processing; via X)" and "(a; USGS, as of 2024)" names "USGS".
     */
    private static String citedBefore(String text, int end) {
        int depth = 0;
        for (int i = end - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                if (depth == 0) return text.substring(i + 1, end).trim();
                depth--;
            } else if (c == ';' && depth == 0) {
                return text.substring(i + 1, end).trim();
            }
        }
        return text.substring(0, end).trim();
    }
}
