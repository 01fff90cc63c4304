package io.supplyshock.scoring;

import io.supplyshock.state.CommodityStates;
import io.supplyshock.state.Demand;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.MarketSize;
import io.supplyshock.schema.RegionalDemand;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.SupplyStage;
import io.supplyshock.topics.StageApi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What is known about a commodity for scoring an event on a given date: every share, demand and market
 * figure that is valid on that date (its as-of date on or before it, or structural), whether it was
 * learned before or after the event. The state as of the event time supplies what has since been
 * superseded; the newest state supplies what was learned late (a structural fact published last, a
 * baseline loaded after history).
 */
@StageApi
public final class Knowledge {

    /** Shares of these stages measure who makes the world's supply; imports, reserves and the like do not. */
    private static final Set<SupplyStage> PRODUCTION_STAGES = EnumSet.of(SupplyStage.MINE, SupplyStage.PROCESSING,
            SupplyStage.REFINED, SupplyStage.MAGNET, SupplyStage.MANUFACTURING, SupplyStage.DESIGN, SupplyStage.MARKET, SupplyStage.OTHER);

    private final String commodity;
    private final LocalDate on;
    private final List<SupplyShare> shares;
    private final List<RegionalDemand> demand;
    private final MarketSize market;

    public Knowledge(CommodityState atEventTime, CommodityState latest, LocalDate on) {
        this.commodity = latest.getCommodity();
        this.on = on;
        this.shares = validShares(atEventTime, latest, on);
        List<RegionalDemand> entries = new ArrayList<>(atEventTime.getDemand());
        latest.getDemand().stream().filter(d -> !entries.contains(d)).forEach(entries::add);
        this.demand = entries;
        this.market = validMarket(latest, on).or(() -> validMarket(atEventTime, on)).orElse(null);
    }

    /** One state serves as both (tests, and callers that hold only one). */
    public static Knowledge of(CommodityState state, LocalDate on) {
        return new Knowledge(state, state, on);
    }

    public String commodity() {
        return commodity;
    }

    public LocalDate on() {
        return on;
    }

    public List<SupplyShare> shares() {
        return shares;
    }

    /**
     * The country's largest share of world production at any stage. For a producer group or bloc on the tables'
     * list (OPEC, the EU), the sum of its members' shares on this date, stage by stage.
     */
    public Optional<SupplyShare> largestShareOf(String country) {
        return largest(country, PRODUCTION_STAGES);
    }

    /** The country's (or group's) share of world exports: what buyers abroad stand to lose. */
    public Optional<SupplyShare> exportShareOf(String country) {
        return largest(country, EnumSet.of(SupplyStage.EXPORTS));
    }

    /** Whether a figure is later than the event it is used for (no figure as old as the event was known). */
    public boolean isLater(SupplyShare s) {
        return s.getAsOf() != null && on != null && s.getAsOf().isAfter(on);
    }

    private Optional<SupplyShare> largest(String country, Set<SupplyStage> stages) {
        if (country == null) return Optional.empty();
        List<String> members = WorldTables.SHIPPED.membersOn(country, on);
        if (!members.isEmpty()) return groupShare(country, members, stages);
        // On equal shares the figure stated in the news is cited rather than the baseline row.
        return shares.stream().filter(s -> s.getCountry().equals(country) && stages.contains(s.getStage()))
                .max(Comparator.comparingDouble(SupplyShare::getSharePct).thenComparing(s -> !s.getFromBaseline()));
    }

    private Optional<SupplyShare> groupShare(String group, List<String> members, Set<SupplyStage> stages) {
        Map<SupplyStage, List<SupplyShare>> byStage = shares.stream()
                .filter(s -> stages.contains(s.getStage()) && members.contains(s.getCountry()))
                .collect(Collectors.groupingBy(SupplyShare::getStage, () -> new java.util.EnumMap<>(SupplyStage.class), Collectors.toList()));
        return byStage.entrySet().stream().map(e -> {
            List<SupplyShare> listed = e.getValue();
            double sum = Math.min(100, listed.stream().mapToDouble(SupplyShare::getSharePct).sum());
            String who = listed.stream().sorted(Comparator.comparingDouble(SupplyShare::getSharePct).reversed())
                    .map(SupplyShare::getCountry).collect(Collectors.joining(","));
            LocalDate asOf = listed.stream().map(SupplyShare::getAsOf).filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
            return SupplyShare.newBuilder().setCountry(group).setStage(e.getKey()).setSharePct(SeverityModel.round1(sum))
                    .setSource("sum of " + listed.size() + " of its " + members.size() + " members' shares (" + who + "; "
                            + listed.getFirst().getSource() + ")")
                    .setAsOf(asOf).setFromBaseline(listed.stream().allMatch(SupplyShare::getFromBaseline)).setEstimate(true).build();
        }).max(Comparator.comparingDouble(SupplyShare::getSharePct));
    }

    /**
     * For a country missing from a stage whose listed producers are known: the most it can hold, which is
     * what the listed countries leave over, and no more than the smallest listed producer.
     */
    public Optional<Bound> unlistedBound(String country) {
        if (country == null) return Optional.empty();
        Map<SupplyStage, List<SupplyShare>> byStage = shares.stream().collect(Collectors.groupingBy(SupplyShare::getStage,
                LinkedHashMap::new, Collectors.toList()));
        if (!WorldTables.SHIPPED.membersOn(country, on).isEmpty()) return Optional.empty();
        return byStage.entrySet().stream()
                .filter(e -> PRODUCTION_STAGES.contains(e.getKey()))
                .filter(e -> e.getValue().stream().noneMatch(s -> s.getCountry().equals(country)))
                .map(e -> {
                    double listed = e.getValue().stream().mapToDouble(SupplyShare::getSharePct).sum();
                    double smallest = e.getValue().stream().mapToDouble(SupplyShare::getSharePct).min().orElse(0);
                    return new Bound(e.getKey(), Math.min(smallest, Math.max(0, 100 - listed)), listed);
                })
                .filter(b -> b.listedPct() >= 50)
                .max(Comparator.comparingDouble(Bound::listedPct));
    }

    public record Bound(SupplyStage stage, double atMostPct, double listedPct) {
        public String describe(String country, String commodity) {
            return String.format(Locale.ROOT, "%s not among the listed %s producers of %s (they hold %s%%): at most %s%%", country,
                    stage.name().toLowerCase(Locale.ROOT), commodity, SeverityModel.fmt(Math.round(listedPct * 10) / 10.0),
                    SeverityModel.fmt(Math.round(atMostPct * 10) / 10.0));
        }
    }

    public Optional<Demand.Figure> reliancePct(String region) {
        return Demand.reliancePct(demand, region, on);
    }

    public Optional<Demand.Figure> consumption(String region) {
        return Demand.consumption(demand, region, on);
    }

    public Optional<Demand.Figure> importSharePct(String region, String country) {
        return Demand.importSharePct(demand, region, country, on);
    }

    public Optional<Demand.Figure> importsUsd(String region) {
        return Demand.importsUsd(demand, region, on);
    }

    public Optional<Demand.Figure> exportsUsd(String region) {
        return Demand.exportsUsd(demand, region, on);
    }

    public Optional<Demand.Figure> bufferPct() {
        return Demand.bufferPct(demand, on);
    }

    public Optional<MarketSize> market() {
        return Optional.ofNullable(market);
    }

    /** Provenance of a share for an explanation: the news event or the baseline publication, and its date. */
    public static String provenance(SupplyShare s) {
        return (s.getSource() == null ? "unknown source" : s.getSource())
                + (s.getAsOf() == null ? ", structural" : ", as of " + s.getAsOf().getYear())
                + (s.getEstimate() ? ", estimate" : "");
    }

    /**
     * Per country and stage, the newest figure valid on the date; where every figure is later than the date (a
     * baseline of recent years, an event of ten years ago), the earliest later one within
     * {@link Demand#LATER_FIGURE_MAX_YEARS}, which explanations then call a later figure.
     */
    private static List<SupplyShare> validShares(CommodityState atEventTime, CommodityState latest, LocalDate on) {
        Map<String, SupplyShare> best = new LinkedHashMap<>();
        Map<String, SupplyShare> earliestLater = new LinkedHashMap<>();
        List<SupplyShare> all = new ArrayList<>(atEventTime.getSupplyShares());
        all.addAll(latest.getSupplyShares());
        for (SupplyShare s : all) {
            if (!PRODUCTION_STAGES.contains(s.getStage()) && s.getStage() != SupplyStage.EXPORTS) continue;
            String key = s.getCountry() + "|" + s.getStage();
            if (s.getAsOf() != null && on != null && s.getAsOf().isAfter(on)) {
                SupplyShare current = earliestLater.get(key);
                if (!s.getAsOf().isAfter(on.plusYears(Demand.LATER_FIGURE_MAX_YEARS)) && (current == null || s.getAsOf().isBefore(current.getAsOf()))) {
                    earliestLater.put(key, s);
                }
                continue;
            }
            SupplyShare current = best.get(key);
            if (current == null || CommodityStates.supersedes(s, current)) best.put(key, s);
        }
        // A later figure stands in only for a stage with no figure of the event's time at all, so that one stage
        // never mixes shares of different years.
        Set<String> stagesKnown = best.values().stream().map(s -> s.getStage().name()).collect(Collectors.toSet());
        earliestLater.forEach((key, s) -> {
            if (!stagesKnown.contains(s.getStage().name())) best.put(key, s);
        });
        return List.copyOf(best.values());
    }

    private static Optional<MarketSize> validMarket(CommodityState state, LocalDate on) {
        MarketSize m = state.getMarket();
        if (m == null || m.getAsOf() != null && on != null && m.getAsOf().isAfter(on.plusYears(Demand.LATER_FIGURE_MAX_YEARS))) return Optional.empty();
        return Optional.of(m);
    }
}
