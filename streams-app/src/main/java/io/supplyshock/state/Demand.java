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
    /**
     * How much older than a figure an event may be for the figure to stand in when nothing of its time is known: a
     * baseline describes recent years, and for an older event the nearest later figure beats no figure at all.
     */
    public static final int LATER_FIGURE_MAX_YEARS = 15;

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

    /** Imports and exports of a region (trade baseline), in US dollars a year. */
    public static Optional<Figure> importsUsd(List<RegionalDemand> entries, String region, LocalDate on) {
        return best(entries, region, on, RegionalDemand::getAnnualImportsUsd);
    }

    public static Optional<Figure> exportsUsd(List<RegionalDemand> entries, String region, LocalDate on) {
        return best(entries, region, on, RegionalDemand::getAnnualExportsUsd);
    }

    /** Spare capacity, exporters' stocks or reserves, percent of a year's world supply (WORLD entries). */
    public static Optional<Figure> bufferPct(List<RegionalDemand> entries, LocalDate on) {
        return best(entries, WORLD, on, RegionalDemand::getBufferPct);
    }

    /**
     * The preferred entry valid on the date; where every entry is later (a baseline of recent years and an older
     * event), the earliest later one within {@link #LATER_FIGURE_MAX_YEARS}: a near figure beats none.
     */
    private static Optional<Figure> best(List<RegionalDemand> entries, String region, LocalDate on, Function<RegionalDemand, Double> figure) {
        if (region == null) return Optional.empty();
        List<RegionalDemand> candidates = entries.stream().filter(d -> d.getRegion().equals(region) && figure.apply(d) != null).toList();
        return candidates.stream()
                .filter(d -> d.getAsOf() == null || on == null || !d.getAsOf().isAfter(on))
                .max(PREFERENCE)
                .or(() -> candidates.stream()
                        .filter(d -> !d.getAsOf().isAfter(on.plusYears(LATER_FIGURE_MAX_YEARS)))
                        .min(Comparator.comparing(RegionalDemand::getAsOf)))
                .map(d -> new Figure(figure.apply(d), d));
    }
}
