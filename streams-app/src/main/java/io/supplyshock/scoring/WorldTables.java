package io.supplyshock.scoring;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reference tables that are looked up by name rather than by commodity, shipped in the jar (src/main/resources/reference,
 * described in reference-data/README.md): producer groups and blocs with their members over time, the maritime
 * chokepoints with their share of each cargo's seaborne trade, which cargo a commodity travels as, and major sites
 * (mines, fields, plants, fabs) with their share of world supply.
 */
public final class WorldTables {

    public static final WorldTables SHIPPED = load("/reference/");

    record Membership(String bloc, String member, LocalDate joined, LocalDate left) {
        boolean on(LocalDate date) {
            return date == null ? left == null : (joined == null || !joined.isAfter(date)) && (left == null || left.isAfter(date));
        }
    }

    /**
     * A named place's share of world supply of something: a chokepoint's share of one cargo's seaborne trade, or a
     * site's share of a commodity at its stage; with the words news use for it.
     */
    public record NamedShare(String id, List<String> names, String of, String stage, double sharePct, int year, String source, boolean estimate) {
        public String provenance() {
            return source + ", as of " + year + (estimate ? ", estimate" : "");
        }

        boolean namedIn(String normalisedText) {
            return names.stream().anyMatch(n -> normalisedText.contains(" " + n + " "));
        }
    }

    private final Map<String, List<Membership>> blocs;
    private final List<NamedShare> routes;
    private final Map<String, String> cargoOf;
    private final List<NamedShare> sites;

    WorldTables(Map<String, List<Membership>> blocs, List<NamedShare> routes, Map<String, String> cargoOf, List<NamedShare> sites) {
        this.blocs = blocs;
        this.routes = routes;
        this.cargoOf = cargoOf;
        this.sites = sites;
    }

    /** Members of a producer group or bloc on a date; empty for a country or an unknown code. */
    public List<String> membersOn(String code, LocalDate on) {
        if (code == null) return List.of();
        // Asked for the issuer of every event, a country far more often than a bloc: no stream for an empty answer.
        List<Membership> memberships = blocs.get(normalise(code));
        if (memberships == null) return List.of();
        java.util.LinkedHashSet<String> members = new java.util.LinkedHashSet<>();
        for (Membership m : memberships) {
            if (m.on(on)) members.add(m.member());
        }
        return List.copyOf(members);
    }

    /** The cargo class a commodity travels as at sea (crude_oil, lng, grain, containers ...), if the table knows it. */
    public Optional<String> cargoOf(String commodity) {
        return Optional.ofNullable(cargoOf.get(commodity));
    }

    /**
     * The chokepoint the text names, with its share of the commodity's cargo (or of all seaborne trade when the
     * cargo has no row of its own); the largest share when the text names several.
     */
    public Optional<NamedShare> routeNamedIn(String text, String commodity, LocalDate on) {
        if (text == null || text.isBlank()) return Optional.empty();
        String normalised = normalisedText(text);
        String cargo = cargoOf(commodity).orElse("containers");
        List<NamedShare> named = routes.stream().filter(r -> r.namedIn(normalised)).toList();
        return largestOn(named, cargo, on).or(() -> largestOn(named, "seaborne_trade", on));
    }

    /** The site of this commodity the text names (a mine, a field, a fab), with its share of world supply. */
    public Optional<NamedShare> siteNamedIn(String text, String commodity, LocalDate on) {
        if (text == null || text.isBlank()) return Optional.empty();
        String normalised = normalisedText(text);
        return largestOn(sites.stream().filter(r -> r.namedIn(normalised)).toList(), commodity, on);
    }

    private static String normalisedText(String text) {
        return " " + text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ") + " ";
    }

    /**
     * Per chokepoint the figure of the event's year or the newest before it (a route emptied by attacks in 2024 still
     * carried its usual share when the attacks began), else the earliest; then the largest share among them.
     */
    private static Optional<NamedShare> largestOn(List<NamedShare> named, String of, LocalDate on) {
        int year = on == null ? Integer.MAX_VALUE : on.getYear();
        Map<String, NamedShare> perPlace = new LinkedHashMap<>();
        for (NamedShare r : named.stream().filter(r -> r.of().equals(of)).toList()) {
            NamedShare current = perPlace.get(r.id());
            if (current == null || better(r, current, year)) perPlace.put(r.id(), r);
        }
        return perPlace.values().stream().max(Comparator.comparingDouble(NamedShare::sharePct));
    }

    private static boolean better(NamedShare candidate, NamedShare current, int year) {
        boolean candidateValid = candidate.year() <= year, currentValid = current.year() <= year;
        if (candidateValid != currentValid) return candidateValid;
        return candidateValid ? candidate.year() > current.year() : candidate.year() < current.year();
    }

    private static String normalise(String code) {
        return code.trim().toUpperCase(Locale.ROOT).replace("+", "_PLUS").replace(' ', '_').replace('-', '_');
    }

    static WorldTables load(String folder) {
        Map<String, List<Membership>> blocs = new LinkedHashMap<>();
        for (Map<String, String> row : rows(folder + "blocs.csv")) {
            blocs.computeIfAbsent(normalise(row.get("bloc")), b -> new ArrayList<>())
                    .add(new Membership(normalise(row.get("bloc")), row.get("member").trim().toUpperCase(Locale.ROOT),
                            date(row.get("joined")), date(row.get("left"))));
        }
        List<NamedShare> routes = rows(folder + "chokepoints.csv").stream().map(row -> namedShare(row, "chokepoint", "cargo", null)).toList();
        List<NamedShare> sites = rows(folder + "sites.csv").stream().map(row -> namedShare(row, "site", "commodity", "stage")).toList();
        Map<String, String> cargo = new LinkedHashMap<>();
        for (Map<String, String> row : rows(folder + "cargo-classes.csv")) cargo.put(row.get("commodity").trim(), row.get("cargo").trim());
        return new WorldTables(blocs, routes, cargo, sites);
    }

    private static NamedShare namedShare(Map<String, String> row, String idColumn, String ofColumn, String stageColumn) {
        List<String> names = Arrays.stream(row.get("names").split(";")).map(n -> n.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim())
                .filter(n -> !n.isEmpty()).toList();
        return new NamedShare(row.get(idColumn).trim(), names, row.get(ofColumn).trim(), stageColumn == null ? null : row.get(stageColumn).trim(),
                Double.parseDouble(row.get("share_pct").trim()), Integer.parseInt(row.get("data_year").trim()), row.get("source").trim(),
                "yes".equalsIgnoreCase(row.get("estimate")));
    }

    /** A year alone means its first day. */
    private static LocalDate date(String raw) {
        if (raw == null || raw.isBlank()) return null;
        String v = raw.trim();
        if (v.matches("\\d{4}")) return LocalDate.of(Integer.parseInt(v), 1, 1);
        if (v.matches("\\d{4}-\\d{2}")) return LocalDate.parse(v + "-01");
        return LocalDate.parse(v);
    }

    private static List<Map<String, String>> rows(String resource) {
        try (InputStream in = WorldTables.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("reference table " + resource + " is missing from the jar");
            try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader().withComments()).readValues(in)) {
                return it.readAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reference table " + resource + " cannot be read", e);
        }
    }
}
