package io.supplyshock.state;

import io.supplyshock.topics.KeyNumbers;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.MarketSize;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.Observation;
import io.supplyshock.schema.RegionalDemand;
import io.supplyshock.schema.SupplyShare;
import io.supplyshock.schema.internal.StateHeader;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A commodity's state cut into parts that change independently: one per supply share (country, stage), demand
 * entry (region, source), measure (event id), observation series (metric, subtype, venue), and the market size.
 * A fact then costs the bytes of the parts it changes, not of the whole state. Part ids are the store keys after
 * {@code commodity|}; the commodity id is a lowercase identifier, so it never holds the separator.
 *
 * <p>A state rebuilt from its parts lists its entries in one canonical order (shares by country and stage, demand
 * by region and source, measures and observations by time, then event id), so the same parts always make the same
 * state, whatever order the facts arrived in.
 */
public final class StateParts {

    static final char SEPARATOR = '|';

    private StateParts() {
    }

    /** The store-key prefix of every part of one commodity. */
    public static String prefix(String commodity) {
        return commodity + SEPARATOR;
    }

    public static String key(String commodity, String partId) {
        return prefix(commodity) + partId;
    }

    /** The part id of a store key of {@code commodity}. */
    public static String partId(String commodity, String key) {
        return key.substring(commodity.length() + 1);
    }

    /** Part ids of the lists; the header is the one part without a list. */
    public static final String HEADER = "H";

    /** The commodity whose header a parts-store key is, or null for any other part. */
    public static String commodityOfHeader(String key) {
        return key.endsWith(SEPARATOR + HEADER) ? key.substring(0, key.length() - 2) : null;
    }

    /** Each list's part ids start with its prefix; the rest of the id names the part within the list. */
    private static final String SHARES = "S|", DEMAND = "D|", MEASURES = "M|", OBSERVATIONS = "O|";

    static String shareId(SupplyShare s) {
        return SHARES + shareName(s);
    }

    private static String shareName(SupplyShare s) {
        return s.getCountry() + SEPARATOR + s.getStage();
    }

    static String demandId(RegionalDemand d) {
        return DEMAND + demandName(d);
    }

    private static String demandName(RegionalDemand d) {
        return d.getRegion() + SEPARATOR + Objects.toString(d.getSource(), "");
    }

    static String measureId(Measure m) {
        return MEASURES + m.getEventId();
    }

    static boolean isMeasure(String partId) {
        return partId.startsWith(MEASURES);
    }

    /** The prefix of the keys of a commodity's blocks of measures in the parts store ({@link MeasureSlots}). */
    static String measureSlotPrefix(String commodity) {
        return prefix(commodity) + "M#";
    }

    /** Parts whose earlier values "state as of T" must answer: all but the observations, which only the newest state shows. */
    static boolean hasHistory(String partId) {
        return !partId.startsWith(OBSERVATIONS);
    }

    /** Whether the state holds no part with history: observations alone, which are no state of their own as of an earlier time. */
    static boolean holdsOnlyPartsWithoutHistory(CommodityState state) {
        return of(state).keySet().stream().noneMatch(StateParts::hasHistory);
    }

    /**
     * Whether the part is a measure that began at {@code time}: its event time, when the fold of its own event added it.
     * No measure exists before its event time, so a state as of an earlier time needs no history entry to leave it out.
     */
    static boolean startsAt(SpecificRecord part, long time) {
        return part instanceof Measure m && m.getEventTime().toEpochMilli() == time;
    }

    /** Whether the part cannot exist yet at {@code time}: a measure of a later event. */
    static boolean notYetAt(SpecificRecord part, long time) {
        return part instanceof Measure m && m.getEventTime().toEpochMilli() > time;
    }

    static String observationId(Observation o) {
        return OBSERVATIONS + observationName(o);
    }

    private static String observationName(Observation o) {
        return String.valueOf(o.getMetric()) + SEPARATOR + o.getRawSubtype() + SEPARATOR + Objects.toString(o.getVenue(), "");
    }

    static final String MARKET = "K";

    /** Every part of the state except the header, by part id. */
    public static Map<String, SpecificRecord> of(CommodityState state) {
        Map<String, SpecificRecord> parts = new HashMap<>();
        state.getSupplyShares().forEach(s -> parts.put(shareId(s), s));
        state.getDemand().forEach(d -> parts.put(demandId(d), d));
        state.getMeasures().forEach(m -> parts.put(measureId(m), m));
        state.getObservations().forEach(o -> parts.put(observationId(o), o));
        if (state.getMarket() != null) parts.put(MARKET, state.getMarket());
        return parts;
    }

    /**
     * Adds to {@code changed} the part ids whose value differs between two lists, each with its value after (null:
     * removed). A fold copies a list and replaces, adds or drops a few entries, so the parts both lists hold as the
     * very same object are passed over by identity, and only the others are keyed and compared. Both lists are in
     * canonical order, so the untouched parts keep their relative order: one walk over both, looking one step
     * ahead on a mismatch, sets aside a dropped, an added or a replaced part (at the 100-measure cap a fold drops the
     * first measure and adds one at the end, so nothing is in common position by position). A part the walk sets
     * aside on both sides (moved, or the same value rebuilt) is matched by its id and compared by value.
     */
    private static <T extends SpecificRecord> void changes(List<T> before, List<T> after, Function<T, String> id,
                                                           Map<String, SpecificRecord> changed) {
        List<T> dropped = new ArrayList<>(2);
        List<T> added = new ArrayList<>(2);
        int i = 0;
        int j = 0;
        while (i < before.size() && j < after.size()) {
            T was = before.get(i);
            T is = after.get(j);
            if (was == is) {
                i++;
                j++;
            } else if (i + 1 < before.size() && before.get(i + 1) == is) {
                dropped.add(was);
                i++;
            } else if (j + 1 < after.size() && was == after.get(j + 1)) {
                added.add(is);
                j++;
            } else {
                dropped.add(was);
                added.add(is);
                i++;
                j++;
            }
        }
        while (i < before.size()) dropped.add(before.get(i++));
        while (j < after.size()) added.add(after.get(j++));
        if (dropped.isEmpty() && added.isEmpty()) return;
        Map<String, T> gone = new LinkedHashMap<>();
        for (T part : dropped) gone.put(id.apply(part), part);
        for (T part : added) {
            String partId = id.apply(part);
            T was = gone.remove(partId);
            if (!part.equals(was)) changed.put(partId, part);
        }
        gone.keySet().forEach(partId -> changed.put(partId, null));
    }

    /**
     * The parts that differ between a state and the state a fold made from it, each with its value after (null:
     * removed). The fold hands on every list it did not touch as the same list object, so only the lists it
     * rebuilt are compared part by part.
     */
    public static Map<String, SpecificRecord> changes(CommodityState before, CommodityState after) {
        Map<String, SpecificRecord> changed = new LinkedHashMap<>();
        if (before.getSupplyShares() != after.getSupplyShares()) {
            changes(before.getSupplyShares(), after.getSupplyShares(), StateParts::shareId, changed);
        }
        if (before.getDemand() != after.getDemand()) {
            changes(before.getDemand(), after.getDemand(), StateParts::demandId, changed);
        }
        if (before.getMeasures() != after.getMeasures()) {
            changes(before.getMeasures(), after.getMeasures(), StateParts::measureId, changed);
        }
        if (before.getObservations() != after.getObservations()) {
            changes(before.getObservations(), after.getObservations(), StateParts::observationId, changed);
        }
        if (!Objects.equals(before.getMarket(), after.getMarket())) changed.put(MARKET, after.getMarket());
        return changed;
    }

    public static final Comparator<SupplyShare> SHARE_ORDER = Comparator.comparing(SupplyShare::getCountry).thenComparing(SupplyShare::getStage);
    public static final Comparator<RegionalDemand> DEMAND_ORDER = Comparator.comparing(RegionalDemand::getRegion)
            .thenComparing(d -> Objects.toString(d.getSource(), ""));
    public static final Comparator<Measure> MEASURE_ORDER = Comparator.comparing(Measure::getEventTime).thenComparing(Measure::getEventId);
    public static final Comparator<Observation> OBSERVATION_ORDER = Comparator.comparing(Observation::getObservedAt)
            .thenComparing(Observation::getEventId);

    /** The state the parts make, in canonical order. */
    public static CommodityState assemble(String commodity, StateHeader header, Iterable<SpecificRecord> parts) {
        List<SupplyShare> shares = new ArrayList<>();
        List<RegionalDemand> demand = new ArrayList<>();
        List<Measure> measures = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        MarketSize market = null;
        for (SpecificRecord part : parts) {
            switch (part) {
                case SupplyShare s -> shares.add(s);
                case RegionalDemand d -> demand.add(d);
                case Measure m -> measures.add(m);
                case Observation o -> observations.add(o);
                case MarketSize k -> market = k;
                default -> throw new IllegalStateException("not a part of a commodity state: " + part.getSchema().getFullName());
            }
        }
        shares.sort(SHARE_ORDER);
        demand.sort(DEMAND_ORDER);
        measures.sort(MEASURE_ORDER);
        observations.sort(OBSERVATION_ORDER);
        return CommodityState.newBuilder()
                .setCommodity(commodity)
                .setSupplyShares(shares)
                .setDemand(demand)
                .setMeasures(measures)
                .setObservations(observations)
                .setMarket(market)
                .setEventCount(header == null ? 0 : header.getEventCount())
                .setLastEventId(header == null ? null : header.getLastEventId())
                .setUpdatedAt(header == null ? Instant.EPOCH : header.getUpdatedAt())
                .build();
    }

    /**
     * What {@link #assemble} makes of {@code base}'s parts with {@code changed} applied (part id to its new value,
     * null: removed) and the parts {@code leftOut} accepts dropped, built from {@code base} (canonical) rather than
     * from a map of every part: an unchanged list is walked, not sorted. Late facts took a copy of the parts map and
     * two full sorts of a hundred measures each, a fifth of the stream thread in a load where facts of one commodity
     * arrive from several topics. A part keeps its place when replaced (every list's order starts with what its id
     * names, or, for measures, with its event's time); a list is sorted only if an added part falls out of order.
     */
    public static CommodityState withChanges(CommodityState base, Map<String, SpecificRecord> changed,
                                             Predicate<SpecificRecord> leftOut, StateHeader header) {
        MarketSize market = changed.containsKey(MARKET) ? (MarketSize) changed.get(MARKET) : base.getMarket();
        return CommodityState.newBuilder()
                .setCommodity(base.getCommodity())
                .setSupplyShares(listWithChanges(base.getSupplyShares(), SHARES, StateParts::shareName, SupplyShare.class, changed, leftOut, SHARE_ORDER))
                .setDemand(listWithChanges(base.getDemand(), DEMAND, StateParts::demandName, RegionalDemand.class, changed, leftOut, DEMAND_ORDER))
                .setMeasures(listWithChanges(base.getMeasures(), MEASURES, Measure::getEventId, Measure.class, changed, leftOut, MEASURE_ORDER))
                .setObservations(listWithChanges(base.getObservations(), OBSERVATIONS, StateParts::observationName, Observation.class, changed, leftOut, OBSERVATION_ORDER))
                .setMarket(market != null && leftOut.test(market) ? null : market)
                .setEventCount(header == null ? 0 : header.getEventCount())
                .setLastEventId(header == null ? null : header.getLastEventId())
                .setUpdatedAt(header == null ? Instant.EPOCH : header.getUpdatedAt())
                .build();
    }

    /**
     * @param nameWithinPrefix a part's id without its list's prefix: a measure's is its event id as it is, so the
     *                         hundreds of measures a commodity may hold are matched without building a string each
     */
    private static <T extends SpecificRecord> List<T> listWithChanges(List<T> base, String idPrefix, Function<T, String> nameWithinPrefix,
                                                                      Class<T> type, Map<String, SpecificRecord> changed,
                                                                      Predicate<SpecificRecord> leftOut, Comparator<T> order) {
        Map<String, SpecificRecord> mine = new HashMap<>();
        changed.forEach((partId, value) -> {
            if (partId.startsWith(idPrefix)) mine.put(partId.substring(idPrefix.length()), value);
        });
        if (mine.isEmpty()) return withoutLeftOut(base, leftOut);
        List<T> out = new ArrayList<>(base.size() + mine.size());
        for (T part : base) {
            if (!mine.isEmpty()) {
                String name = nameWithinPrefix.apply(part);
                if (mine.containsKey(name)) {
                    SpecificRecord value = mine.remove(name);
                    if (value != null && !leftOut.test(value)) out.add(type.cast(value));
                    continue;
                }
            }
            if (!leftOut.test(part)) out.add(part);
        }
        boolean sorted = true;
        for (SpecificRecord added : mine.values()) {
            if (added == null || leftOut.test(added)) continue;
            T part = type.cast(added);
            int at = Collections.binarySearch(out, part, order);
            out.add(at < 0 ? -at - 1 : at, part);
        }
        for (int i = 1; i < out.size() && sorted; i++) sorted = order.compare(out.get(i - 1), out.get(i)) <= 0;
        if (!sorted) out.sort(order);
        return out;
    }

    /**
     * A canonical list less the parts left out, still in order: the list itself when none is, so that a diff against
     * it skips the list by identity and no fact copies the lists it does not change.
     */
    private static <T extends SpecificRecord> List<T> withoutLeftOut(List<T> base, Predicate<SpecificRecord> leftOut) {
        int kept = 0;
        while (kept < base.size() && !leftOut.test(base.get(kept))) kept++;
        if (kept == base.size()) return base;
        List<T> out = new ArrayList<>(base.subList(0, kept));
        for (int i = kept + 1; i < base.size(); i++) {
            if (!leftOut.test(base.get(i))) out.add(base.get(i));
        }
        return out;
    }

    /**
     * The state a fold made from {@code before} (itself canonical), in canonical order: the lists the fold handed on
     * unchanged are kept as they are, the ones it rebuilt are sorted; the header is {@code header}'s.
     */
    public static CommodityState canonicalAfter(CommodityState folded, CommodityState before, StateHeader header) {
        return CommodityState.newBuilder()
                .setCommodity(before.getCommodity())
                .setSupplyShares(sortedIfRebuilt(folded.getSupplyShares(), before.getSupplyShares(), SHARE_ORDER))
                .setDemand(sortedIfRebuilt(folded.getDemand(), before.getDemand(), DEMAND_ORDER))
                .setMeasures(sortedIfRebuilt(folded.getMeasures(), before.getMeasures(), MEASURE_ORDER))
                .setObservations(sortedIfRebuilt(folded.getObservations(), before.getObservations(), OBSERVATION_ORDER))
                .setMarket(folded.getMarket())
                .setEventCount(header.getEventCount())
                .setLastEventId(header.getLastEventId())
                .setUpdatedAt(header.getUpdatedAt())
                .build();
    }

    private static <T> List<T> sortedIfRebuilt(List<T> folded, List<T> before, Comparator<T> order) {
        if (folded == before) return before;
        List<T> sorted = new ArrayList<>(folded);
        sorted.sort(order);
        return sorted;
    }

    /** The same state in canonical order: what a state rebuilt from its parts looks like. */
    public static CommodityState canonical(CommodityState state) {
        return assemble(state.getCommodity(), header(state, Instant.EPOCH, Instant.EPOCH, 0), of(state).values());
    }

    public static StateHeader header(CommodityState state, Instant newestVersion, Instant historyHorizon, int historyEntries) {
        return StateHeader.newBuilder().setEventCount(state.getEventCount()).setLastEventId(state.getLastEventId())
                .setUpdatedAt(state.getUpdatedAt()).setNewestVersion(newestVersion).setHistoryHorizon(historyHorizon)
                .setHistoryEntries(historyEntries).build();
    }

    /**
     * History keys sort by commodity, then by the time a part version stopped being valid, so that "the state as of
     * T" reads only the changes made after T. Times are epoch milliseconds, zero-padded (non-negative: event times
     * before 1970 are clamped to 0 by the caller).
     */
    public static String historyKey(String commodity, long validUntil, String partId) {
        return historyFrom(commodity, validUntil) + SEPARATOR + partId;
    }

    public static String historyFrom(String commodity, long time) {
        return prefix(commodity) + KeyNumbers.padded(Math.max(0, time), 15);
    }

    /** The end of one commodity's key range: the separator's successor sorts after every key of the commodity. */
    public static String end(String commodity) {
        return commodity + (char) (SEPARATOR + 1);
    }

    public record HistoryEntry(long validUntil, String partId) {
    }

    public static HistoryEntry parseHistoryKey(String commodity, String key) {
        String rest = partId(commodity, key);
        int cut = rest.indexOf(SEPARATOR);
        return new HistoryEntry(Long.parseLong(rest.substring(0, cut)), rest.substring(cut + 1));
    }
}
