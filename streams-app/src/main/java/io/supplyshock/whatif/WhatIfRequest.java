package io.supplyshock.whatif;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.supplyshock.events.FieldProblem;
import io.supplyshock.events.LineResult;
import io.supplyshock.events.ReferenceLineMapper;
import io.supplyshock.events.UndatedPolicy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a what-if request, read into events with the publisher's own mapping ({@link ReferenceLineMapper}), so a
 * bad event gets the publisher's per-field messages. Three forms: {@code {"events":[...]}}, a JSON array of events, or
 * the publisher's JSON Lines. An event's "line" is its place in the list (1-based), or its line in JSON Lines.
 */
public final class WhatIfRequest {

    /** Largest body read: a hundred events with their quotes fit easily. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One event as given, with its line. */
    public record Source(int line, String text) {
    }

    /** One problem of one event (line 0: of the request as a whole). */
    public record LineProblem(int line, String field, String message) {
    }

    /** The events read, or why the request cannot be used. */
    public sealed interface Parsed permits Events, Invalid {
    }

    /** @param sources the events as given, beside their mapping, in request order */
    public record Events(List<Source> sources, List<LineResult.Mapped> mapped) implements Parsed {
    }

    /** @param status 400, or 413 for a body or scenario too large */
    public record Invalid(int status, String error, List<LineProblem> problems) implements Parsed {
    }

    private WhatIfRequest() {
    }

    public static Parsed parse(byte[] body, UndatedPolicy undated, Instant now) {
        if (body.length > MAX_BODY_BYTES) {
            return new Invalid(413, "request body over " + MAX_BODY_BYTES + " bytes; send at most " + WhatIf.MAX_EVENTS + " events", List.of());
        }
        String text = new String(body, StandardCharsets.UTF_8);
        List<Source> sources;
        try {
            sources = sources(text);
        } catch (IllegalArgumentException e) {
            return new Invalid(400, e.getMessage(), List.of());
        }
        if (sources.isEmpty()) {
            return new Invalid(400, "no events: send {\"events\":[...]}, a JSON array or JSON Lines in the publisher's format", List.of());
        }
        if (sources.size() > WhatIf.MAX_EVENTS) {
            return new Invalid(413, "more than " + WhatIf.MAX_EVENTS + " events; a scenario holds at most " + WhatIf.MAX_EVENTS, List.of());
        }
        ReferenceLineMapper mapper = new ReferenceLineMapper(undated, now);
        List<LineResult.Mapped> mapped = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        for (Source source : sources) {
            ReferenceLineMapper.Checked checked = mapper.check(source.text(), source.line());
            if (checked.result() instanceof LineResult.Mapped m) {
                mapped.add(m);
            } else {
                for (FieldProblem p : checked.problems()) problems.add(new LineProblem(source.line(), p.field(), p.message()));
            }
        }
        if (!problems.isEmpty()) {
            long lines = problems.stream().mapToInt(LineProblem::line).distinct().count();
            return new Invalid(400, lines + " of " + sources.size() + " event(s) cannot be read (the publisher's checks)", problems);
        }
        return new Events(sources, mapped);
    }

    private static List<Source> sources(String text) {
        JsonNode whole;
        try {
            whole = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return jsonLines(text);
        }
        if (whole == null || whole.isMissingNode()) return List.of();
        if (whole.isObject() && whole.has("events")) {
            JsonNode events = whole.get("events");
            if (!events.isArray()) throw new IllegalArgumentException("'events' must be an array of events");
            return elements(events);
        }
        if (whole.isArray()) return elements(whole);
        return List.of(new Source(1, text.strip()));
    }

    private static List<Source> elements(JsonNode array) {
        List<Source> out = new ArrayList<>();
        int line = 1;
        for (JsonNode event : array) {
            if (out.size() > WhatIf.MAX_EVENTS) break;
            out.add(new Source(line++, event.toString()));
        }
        return out;
    }

    /** JSON Lines as the publisher reads them: blank lines skipped, numbered as in the text. */
    private static List<Source> jsonLines(String text) {
        List<Source> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length && out.size() <= WhatIf.MAX_EVENTS; i++) {
            if (!lines[i].isBlank()) out.add(new Source(i + 1, lines[i]));
        }
        return out;
    }
}
