package io.supplyshock.state;

import io.supplyshock.schema.ImportSource;
import io.supplyshock.schema.RegionalDemand;
import io.supplyshock.topics.StageApi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What regions consume and import. Entries are kept per region and source (a baseline row, a news event),
 * so every figure keeps its provenance; a lookup takes, among the entries valid on a date, the one with the
 * newest as-of date (news before baseline on the same date, structural figures last).
 */
@StageApi
public final class Demand {

    public static final String WORLD = "WORLD";
    /** Sources remembered per region; the oldest is forgotten first. */
    public static final int MAX_ENTRIES_PER_REGION = 8;

    /** A figure with the entry it came from. */
    public record Figure(double value, RegionalDemand from) {
        public String provenance() {
            return (from.getSource() == null ? "unknown source" : from.getSource())
                    + (from.getAsOf() == null ? ", structural" : ", as of " + from.getAsOf().getYear())
                    + (from.getEstimate() ? ", estimate" : "");
        }
    }

    private Demand() {
    }

    public static List<RegionalDemand> upsert(List<RegionalDemand> entries, RegionalDemand entry) {
        List<RegionalDemand> out = new ArrayList<>(entries);
        out.removeIf(d -> d.getRegion().equals(entry.getRegion()) && java.util.Objects.equals(d.getSource(), entry.getSource()));
        out.add(entry);
        List<RegionalDemand> sameRegion = out.stream().filter(d -> d.getRegion().equals(entry.getRegion())).toList();
        if (sameRegion.size() > MAX_ENTRIES_PER_REGION) {
            sameRegion.stream().min(PREFERENCE).ifPresent(out::remove);
        }
        out.sort(Comparator.comparing(RegionalDemand::getRegion).thenComparing(d -> d.getSource() == null ? "" : d.getSource()));
        return out;
    }

    public static Optional<Figure> reliancePct(List<RegionalDemand> entries, String region, LocalDate on) {
        return best(entries, region, on, RegionalDemand::getNetImportReliancePct);
    }

    public static Optional<Figure> consumption(List<RegionalDemand> entries, String region, LocalDate on) {
        return best(entries, region, on, RegionalDemand::getAnnualConsumption);
    }

    /** Percent of the region's imports that come from one country. */
    public static Optional<Figure> importSharePct(List<RegionalDemand> entries, String region, String country, LocalDate on) {
        return best(entries, region, on, d -> d.getImportSources().stream()
                .filter(s -> s.getCountry().equals(country)).map(ImportSource::getSharePct).findFirst().orElse(null));
    }

    /** Smaller is less preferred: structural before dated, older before newer, baseline before news. */
    private static final Comparator<RegionalDemand> PREFERENCE = Comparator
            .comparing((RegionalDemand d) -> d.getAsOf(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(d -> !d.getFromBaseline());

    private static Optional<Figure> best(List<RegionalDemand> entries, String region, LocalDate on, Function<RegionalDemand, Double> figure) {
        if (region == null) return Optional.empty();
        return entries.stream()
                .filter(d -> d.getRegion().equals(region) && figure.apply(d) != null)
                .filter(d -> d.getAsOf() == null || on == null || !d.getAsOf().isAfter(on))
                .max(PREFERENCE)
                .map(d -> new Figure(figure.apply(d), d));
    }
}
