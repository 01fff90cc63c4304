package io.supplyshock.profiles;

import io.supplyshock.topics.Topics;
import io.supplyshock.events.Vocabulary;
import io.supplyshock.events.Rejection;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRole;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The user format for exposure profiles: one row per entity x commodity (x optional supplying
 * country), as JSON Lines ({@code .jsonl}, one object per line) or CSV ({@code .csv}, header row).
 *
 * <table>
 *   <caption>Columns</caption>
 *   <tr><td>entity_id</td><td>optional; slug matching {@code [a-z0-9][a-z0-9-]{0,99}}, derived from the name when absent</td></tr>
 *   <tr><td>entity_name</td><td>required display name</td></tr>
 *   <tr><td>entity_type</td><td>optional: company, agency, project, sector, country</td></tr>
 *   <tr><td>entity_country</td><td>optional home country of the entity</td></tr>
 *   <tr><td>commodity</td><td>required, normalised like event commodities ("Rare Earths" -> rare_earths)</td></tr>
 *   <tr><td>country</td><td>optional supplying country: only shocks issued by or located in it hit the profile</td></tr>
 *   <tr><td>weight</td><td>required number from 0 to 1: share of the entity's business at risk</td></tr>
 *   <tr><td>role</td><td>producer, consumer, financier, regulator, other, or free text mapped by keywords ({@link Roles})</td></tr>
 *   <tr><td>source</td><td>optional: where the row came from; defaults to the file name</td></tr>
 * </table>
 *
 * <p>The profile id (and record key) is {@code entity_id|commodity|country}, country empty for any.
 * A row repeating an earlier row's profile id is rejected: on the compacted topic it would silently
 * replace the first.
 */
public final class ExposureProfileFile {

    public static final List<String> COLUMNS = List.of(
            "entity_id", "entity_name", "entity_type", "entity_country", "commodity", "country", "weight", "role", "source");
    private static final List<String> REQUIRED = List.of("entity_name", "commodity", "weight");

    /** A profile with the line it was read from. */
    public record Entry(int line, ExposureProfile profile) {
    }

    /**
     * @param totalLines lines of a JSON Lines file, or data records of a CSV file (header excluded);
     *                   {@code entries + rejects + blankLines == totalLines}
     */
    public record Result(int totalLines, int blankLines, List<Entry> entries, List<Rejection> rejects) {
        public List<ExposureProfile> profiles() {
            return entries.stream().map(Entry::profile).toList();
        }
    }

    private ExposureProfileFile() {
    }

    public static Result read(Path file) throws IOException {
        TableFile.Contents contents = TableFile.read(file, COLUMNS, REQUIRED);
        List<Rejection> rejects = new ArrayList<>(contents.unreadable());
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> firstLineOfProfile = new HashMap<>();
        String defaultSource = file.getFileName().toString();
        for (TableFile.Row row : contents.rows()) {
            List<String> problems = new ArrayList<>();
            ExposureProfile profile = profile(row, defaultSource, problems);
            if (profile == null) {
                rejects.add(Rejection.of(row.line(), row.get("entity_id") != null ? row.get("entity_id") : row.get("entity_name"),
                        String.join("; ", problems)));
                continue;
            }
            Integer first = firstLineOfProfile.putIfAbsent(profile.getProfileId(), row.line());
            if (first != null) {
                rejects.add(Rejection.of(row.line(), profile.getProfileId(),
                        "duplicate profile '" + profile.getProfileId() + "' (first on line " + first + ")"));
            } else {
                entries.add(new Entry(row.line(), profile));
            }
        }
        return new Result(contents.totalLines(), contents.blankLines(), entries, rejects);
    }

    private static ExposureProfile profile(TableFile.Row row, String defaultSource, List<String> problems) {
        String name = row.get("entity_name");
        if (name == null) {
            problems.add("missing entity_name");
        }
        String entityId = row.get("entity_id");
        if (entityId != null && !EntityIds.isValid(entityId)) {
            problems.add("entity_id '" + entityId + "' must be lowercase letters, digits and '-' (start with a letter or digit, at most 100)");
        } else if (entityId == null && name != null) {
            entityId = EntityIds.slug(name);
            if (entityId.isEmpty()) {
                problems.add("entity_name '" + name + "' gives no id (no latin letters or digits); add an entity_id");
            }
        }
        String commodity = Vocabulary.normalise(row.get("commodity"));
        if (commodity.isEmpty()) {
            problems.add("missing commodity");
        }
        Double weight = weight(row.get("weight"), problems);
        if (!problems.isEmpty()) {
            return null;
        }
        String country = countryCode(row.get("country"));
        String rawRole = row.get("role");
        ExposureRole role = Roles.fromText(rawRole);
        String source = row.get("source");
        return ExposureProfile.newBuilder()
                .setProfileId(profileId(entityId, commodity, country))
                .setEntityId(entityId)
                .setEntityName(name)
                .setEntityType(row.get("entity_type"))
                .setEntityCountry(countryCode(row.get("entity_country")))
                .setCommodity(commodity)
                .setCountry(country)
                .setWeight(weight)
                .setRole(role)
                .setRawRole(rawRole)
                .setSource(source != null ? source : defaultSource)
                .build();
    }

    private static Double weight(String raw, List<String> problems) {
        if (raw == null) {
            problems.add("missing weight (a number from 0 to 1)");
            return null;
        }
        try {
            double w = Double.parseDouble(raw);
            if (w >= 0 && w <= 1) {
                return w;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("weight '" + raw + "' is not a number from 0 to 1");
        return null;
    }

    /** Two-letter codes are upper-cased so 'cn' matches events issued by 'CN'; anything else is kept as given. */
    static String countryCode(String raw) {
        if (raw == null) {
            return null;
        }
        return raw.matches("[A-Za-z]{2}") ? raw.toUpperCase(Locale.ROOT) : raw;
    }

    public static String profileId(String entityId, String commodity, String country) {
        return Topics.exposureKey(entityId, commodity, country);
    }

    /** Writes profiles in the user format (by the file's extension), so they can be edited and published again. */
    public static void write(Path file, List<ExposureProfile> profiles) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ExposureProfile p : profiles) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("entity_id", p.getEntityId());
            row.put("entity_name", p.getEntityName());
            row.put("entity_type", p.getEntityType());
            row.put("entity_country", p.getEntityCountry());
            row.put("commodity", p.getCommodity());
            row.put("country", p.getCountry());
            row.put("weight", p.getWeight());
            row.put("role", roleText(p));
            row.put("source", p.getSource());
            rows.add(row);
        }
        TableFile.write(file, COLUMNS, rows);
    }

    /** The source's wording when it reads back as the same role; else the canonical name, so the role survives. */
    private static String roleText(ExposureProfile p) {
        String raw = p.getRawRole();
        return raw != null && Roles.fromText(raw) == p.getRole() ? raw : p.getRole().name().toLowerCase(Locale.ROOT);
    }
}
