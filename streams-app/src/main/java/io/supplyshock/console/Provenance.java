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
    /** A baseline citation: no parenthesis or semicolon inside, so "(a; USGS, as of 2024)" yields "USGS". */
    private static final Pattern BASELINE = Pattern.compile("([^();]+?), as of (\\d{4})(, estimate)?");

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
        Matcher m = BASELINE.matcher(text);
        while (m.find()) {
            String source = m.group(1).trim();
            if (events.contains(source) || !cited.add(source + "|" + m.group(2))) continue;
            out.addObject().put("kind", "baseline").put("source", source).put("year", Integer.parseInt(m.group(2)))
                    .put("estimate", m.group(3) != null);
        }
        if (out.isEmpty() && !sourceEventIds.isEmpty()) {
            out.addObject().put("kind", "event").put("eventId", sourceEventIds.get(0)).put("implied", true);
        }
        return out;
    }
}
