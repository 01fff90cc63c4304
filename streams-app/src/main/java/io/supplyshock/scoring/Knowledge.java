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

    /** Shares of these stages measure world supply; imports, reserves and the like do not. */
    private static final Set<SupplyStage> SUPPLY_STAGES = EnumSet.of(SupplyStage.MINE, SupplyStage.PROCESSING,
            SupplyStage.REFINED, SupplyStage.MAGNET, SupplyStage.MANUFACTURING, SupplyStage.MARKET, SupplyStage.OTHER);

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

    /** The country's largest share of world supply at any stage. */
    public Optional<SupplyShare> largestShareOf(String country) {
        if (country == null) return Optional.empty();
        // On equal shares the figure stated in the news is cited rather than the baseline row.
        return shares.stream().filter(s -> s.getCountry().equals(country))
                .max(Comparator.comparingDouble(SupplyShare::getSharePct).thenComparing(s -> !s.getFromBaseline()));
    }

    /**
     * For a country missing from a stage whose listed producers are known: the most it can hold, which is
     * what the listed countries leave over, and no more than the smallest listed producer.
     */
    public Optional<Bound> unlistedBound(String country) {
        if (country == null) return Optional.empty();
        Map<SupplyStage, List<SupplyShare>> byStage = shares.stream().collect(Collectors.groupingBy(SupplyShare::getStage,
                LinkedHashMap::new, Collectors.toList()));
        return byStage.entrySet().stream()
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

    public Optional<MarketSize> market() {
        return Optional.ofNullable(market);
    }

    /** Provenance of a share for an explanation: the news event or the baseline publication, and its date. */
    public static String provenance(SupplyShare s) {
        return (s.getSource() == null ? "unknown source" : s.getSource())
                + (s.getAsOf() == null ? ", structural" : ", as of " + s.getAsOf().getYear())
                + (s.getEstimate() ? ", estimate" : "");
    }

    private static List<SupplyShare> validShares(CommodityState atEventTime, CommodityState latest, LocalDate on) {
        Map<String, SupplyShare> best = new LinkedHashMap<>();
        List<SupplyShare> all = new ArrayList<>(atEventTime.getSupplyShares());
        all.addAll(latest.getSupplyShares());
        for (SupplyShare s : all) {
            if (!SUPPLY_STAGES.contains(s.getStage())) continue;
            if (s.getAsOf() != null && on != null && s.getAsOf().isAfter(on)) continue;
            String key = s.getCountry() + "|" + s.getStage();
            SupplyShare current = best.get(key);
            if (current == null || CommodityStates.supersedes(s, current)) best.put(key, s);
        }
        return List.copyOf(best.values());
    }

    private static Optional<MarketSize> validMarket(CommodityState state, LocalDate on) {
        MarketSize m = state.getMarket();
        if (m == null || m.getAsOf() != null && on != null && m.getAsOf().isAfter(on)) return Optional.empty();
        return Optional.of(m);
    }
}
