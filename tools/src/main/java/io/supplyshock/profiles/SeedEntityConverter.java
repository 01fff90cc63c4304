package io.supplyshock.profiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supplyshock.events.Vocabulary;
import io.supplyshock.events.Rejection;
import io.supplyshock.publish.Utf8Lines;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives default exposure profiles from the producers' {@code seed-entities.jsonl}: one profile per
 * entity and listed commodity, any supplying country, role mapped from the free-text role
 * ({@link Roles}) and the role's default weight. The output is the user format
 * ({@link ExposureProfileFile}), meant to be reviewed and edited before publishing.
 *
 * <p>Skipped, each with its reason: entities that only observe a market (analysts, data sources,
 * price reporters, spokespeople) and entities without commodities. Every input line is accounted for.
 */
public final class SeedEntityConverter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What became of one input line: {@code profiles} profiles, or skipped as {@code skip} says. */
    public record LineOutcome(int line, String name, int profiles, Rejection skip) {
        public boolean skipped() {
            return skip != null;
        }
    }

    /**
     * @param notes things done that the user should check, e.g. an id disambiguated
     */
    public record Conversion(int totalLines, int blankLines, List<ExposureProfile> profiles,
                             List<LineOutcome> outcomes, List<String> notes) {

        public List<Rejection> skipped() {
            return outcomes.stream().filter(LineOutcome::skipped).map(LineOutcome::skip).toList();
        }

        public long convertedLines() {
            return outcomes.stream().filter(o -> !o.skipped()).count();
        }

        /** Writes the profiles in the user format (JSON Lines, or CSV for a .csv name). */
        public void write(Path file) throws IOException {
            ExposureProfileFile.write(file, profiles);
        }

        public String summary() {
            return totalLines + " lines: " + convertedLines() + " entities converted into " + profiles.size()
                    + " profiles, " + skipped().size() + " skipped, " + blankLines + " blank";
        }
    }

    public Conversion convert(Path seedEntities) throws IOException {
        List<Utf8Lines.Line> lines = Utf8Lines.read(seedEntities);
        String sourceName = seedEntities.getFileName().toString();
        List<ExposureProfile> profiles = new ArrayList<>();
        List<LineOutcome> outcomes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, String> slugOwners = new HashMap<>();
        int blank = 0;
        for (Utf8Lines.Line line : lines) {
            if (line.isBlank()) {
                blank++;
                continue;
            }
            outcomes.add(convertLine(line, sourceName, slugOwners, profiles, notes));
        }
        return new Conversion(lines.size(), blank, List.copyOf(profiles), List.copyOf(outcomes), List.copyOf(notes));
    }

    private static LineOutcome skipped(Utf8Lines.Line line, String sourceName, String name, String reason) {
        return new LineOutcome(line.number(), name, 0, new Rejection(sourceName, line.number(), name, reason, line.text()));
    }

    private static LineOutcome convertLine(Utf8Lines.Line line, String sourceName, Map<String, String> slugOwners,
                                           List<ExposureProfile> profiles, List<String> notes) {
        int n = line.number();
        if (line.text() == null) {
            return skipped(line, sourceName, null, line.error());
        }
        JsonNode node;
        try {
            node = JSON.readTree(line.text());
        } catch (JsonProcessingException e) {
            return skipped(line, sourceName, null, "invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return skipped(line, sourceName, null, "not a JSON object");
        }
        String name = text(node, "name");
        if (name == null) {
            return skipped(line, sourceName, null, "missing name");
        }
        String rawRole = text(node, "role");
        if (Roles.isObserverOnly(rawRole)) {
            return skipped(line, sourceName, name, "role '" + rawRole + "' only observes the market: no exposure to profile");
        }
        Set<String> commodities = commodities(node.get("commodities"));
        if (commodities.isEmpty()) {
            return skipped(line, sourceName, name, "no commodities listed");
        }
        String slug = EntityIds.slug(name);
        if (slug.isEmpty()) {
            slug = "entity-" + n;
            notes.add("line " + n + ": '" + name + "' has no latin letters or digits; entity_id '" + slug + "'");
        }
        String entityId = unique(slug, name, n, slugOwners, notes);
        ExposureRole role = Roles.fromText(rawRole);
        double weight = Roles.defaultWeight(role);
        String source = sourceName + " line " + n + " (default weight for " + role + ")";
        for (String commodity : commodities) {
            profiles.add(ExposureProfile.newBuilder()
                    .setProfileId(ExposureProfileFile.profileId(entityId, commodity, null))
                    .setEntityId(entityId)
                    .setEntityName(name)
                    .setEntityType(text(node, "type"))
                    .setEntityCountry(ExposureProfileFile.countryCode(text(node, "country")))
                    .setCommodity(commodity)
                    .setCountry(null)
                    .setWeight(weight)
                    .setRole(role)
                    .setRawRole(rawRole)
                    .setSource(source)
                    .build());
        }
        return new LineOutcome(n, name, commodities.size(), null);
    }

    /**
     * Entity ids must be unique, but two names can slug alike ("S&P Global" / "S.P. Global"): the first
     * in file order keeps the slug, later ones get -2, -3, ... so reruns give the same ids.
     */
    private static String unique(String slug, String name, int line, Map<String, String> owners, List<String> notes) {
        String candidate = slug;
        for (int i = 2; owners.containsKey(candidate); i++) {
            candidate = EntityIds.withSuffix(slug, i);
        }
        if (!candidate.equals(slug)) {
            notes.add("line " + line + ": '" + name + "' slugs to '" + slug + "', already used by '" + owners.get(slug)
                    + "'; its entity_id is '" + candidate + "'");
        }
        owners.put(candidate, name);
        return candidate;
    }

    private static Set<String> commodities(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return out;
        }
        Iterable<JsonNode> items = node.isArray() ? node : List.of(node);
        for (JsonNode item : items) {
            if (item != null && !item.isNull() && item.isValueNode()) {
                String commodity = Vocabulary.normalise(item.asText());
                if (!commodity.isEmpty()) {
                    out.add(commodity);
                }
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }
}
