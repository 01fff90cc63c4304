package io.supplyshock.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.topics.Shock;
import io.supplyshock.whatif.WhatIf;
import io.supplyshock.whatif.WhatIfRequest;

import java.util.List;

/** The JSON of what-if answers: results as {@code {"results":[...]}}, bad input as {@code {"error":..,"fields":[...]}}. */
final class WhatIfJson {

    private WhatIfJson() {
    }

    static ObjectNode results(List<JsonNode> results) {
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        body.putArray("results").addAll(results);
        return body;
    }

    static JsonNode result(WhatIf.Result r) {
        ObjectNode node = AvroJson.MAPPER.createObjectNode();
        node.put("eventId", r.eventId());
        node.put("commodity", r.commodity());
        node.set("alert", AvroJson.toJson(r.alert()));
        node.put("reason", r.reason());
        ArrayNode shocks = node.putArray("shocks");
        for (WhatIf.Scored s : r.shocks()) shocks.add(shock(s));
        ObjectNode exposure = node.putObject("exposure");
        exposure.put("count", r.reached().count());
        ArrayNode top = exposure.putArray("top");
        for (ExposureProfile p : r.reached().most()) top.add(AvroJson.toJson(p));
        ArrayNode notes = node.putArray("notes");
        r.notes().forEach(notes::add);
        return node;
    }

    private static JsonNode shock(WhatIf.Scored scored) {
        Shock s = scored.shock();
        ObjectNode node = AvroJson.MAPPER.createObjectNode();
        node.put("eventId", s.eventId());
        node.put("kind", s.kind().name());
        node.put("instrument", s.instrument().name());
        node.put("score", s.score());
        node.put("severity", s.severity().name());
        node.put("direction", s.direction().name());
        node.put("reassessedBy", s.reassessedBy());
        node.put("storyline", s.storyline());
        node.put("alertType", scored.alert().map(a -> a.getAlertType().name()).orElse(null));
        node.put("reason", scored.reason());
        node.set("explanation", AvroJson.toJson(s.explanation()));
        return node;
    }

    static ObjectNode invalid(WhatIfRequest.Invalid invalid) {
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        body.put("error", invalid.error());
        ArrayNode fields = body.putArray("fields");
        for (WhatIfRequest.LineProblem p : invalid.problems()) {
            fields.addObject().put("line", p.line()).put("field", p.field()).put("message", p.message());
        }
        return body;
    }
}
