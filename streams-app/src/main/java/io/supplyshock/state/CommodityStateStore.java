package io.supplyshock.state;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.internal.MeasureBlock;
import io.supplyshock.schema.internal.StateHeader;
import io.supplyshock.schema.internal.StatePart;
import io.supplyshock.topics.StageApi;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads commodity states from the two stores that hold them: the parts store ({@code commodity|part id} -> the
 * part's current value, plus the header; measures sit in slots stored ten to a block, {@code commodity|M#00} up
 * ({@link MeasureSlots}), or in records of their own where an earlier release wrote them) and the history store ({@code commodity|valid-until|part id} -> the value
 * the part had before that time, null where it did not exist). "The state as of T" is the current parts with,
 * for each part changed after T, the value it had before its first change after T, less the measures of events
 * after T: a measure added by its own event writes no entry, since its event time already says when it began. Observations keep no history:
 * a state as of T shows the newest observations (nothing scores them as of a time).
 */
@StageApi
public final class CommodityStateStore {

    /** Whether a key of the parts store is a commodity's header: counting them counts the commodities held. */
    public static boolean isOneCommodity(String partsKey) {
        return StateParts.commodityOfHeader(partsKey) != null;
    }

    /** A commodity's newest state as parts, with its header (null: nothing known of the commodity). */
    public static final class Current {
        private final String commodity;
        private final StateHeader header;
        private final Map<String, SpecificRecord> parts;
        /** Where the measures are stored. */
        private final MeasureSlots measureSlots;
        private CommodityState state;

        Current(String commodity, StateHeader header, Map<String, SpecificRecord> parts, MeasureSlots measureSlots) {
            this.commodity = commodity;
            this.header = header;
            this.parts = parts;
            this.measureSlots = measureSlots;
        }

        Current(String commodity, StateHeader header, Map<String, SpecificRecord> parts, MeasureSlots measureSlots,
                CommodityState state) {
            this(commodity, header, parts, measureSlots);
            this.state = state;
        }

        MeasureSlots measureSlots() {
            return measureSlots;
        }

        public StateHeader header() {
            return header;
        }

        public Map<String, SpecificRecord> parts() {
            return parts;
        }

        /** The state the parts make (assembled once). */
        public CommodityState state() {
            if (state == null) state = StateParts.assemble(commodity, header, parts.values());
            return state;
        }
    }

    private final ReadOnlyKeyValueStore<String, StatePart> parts;
    private final ReadOnlyKeyValueStore<String, StatePart> history;

    public CommodityStateStore(ReadOnlyKeyValueStore<String, StatePart> parts, ReadOnlyKeyValueStore<String, StatePart> history) {
        this.parts = parts;
        this.history = history;
    }

    public Current current(String commodity) {
        return current(parts, commodity);
    }

    /** A commodity's newest parts, read from the parts store alone. */
    static Current current(ReadOnlyKeyValueStore<String, StatePart> parts, String commodity) {
        StateHeader header = null;
        Map<String, SpecificRecord> values = new HashMap<>();
        MeasureSlots measureSlots = new MeasureSlots(commodity);
        try (KeyValueIterator<String, StatePart> it = parts.prefixScan(StateParts.prefix(commodity), Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, StatePart> kv = it.next();
                if (kv.value.getValue() instanceof StateHeader h) {
                    header = newer(header, h);
                } else if (kv.value.getValue() instanceof MeasureBlock block) {
                    for (Measure m : measureSlots.load(kv.key, block)) values.put(StateParts.measureId(m), m);
                    header = newer(header, kv.value.getHeader());
                } else if (kv.value.getValue() instanceof SpecificRecord part) {
                    String id;
                    if (part instanceof Measure m) {
                        // Written on its own by an earlier release, under its id or a slot, which says where it sits, not which measure it is.
                        id = StateParts.measureId(m);
                        measureSlots.storedOnItsOwn(id, kv.key);
                    } else {
                        id = StateParts.partId(commodity, kv.key);
                    }
                    values.put(id, part);
                    header = newer(header, kv.value.getHeader());
                }
            }
        }
        return new Current(commodity, header, values, measureSlots);
    }

    /**
     * Of two headers, the one of the later fact: every fact counts one more event and writes its header somewhere
     * among the commodity's entries (CommodityStateProcessor), so the highest count is the newest fact's.
     */
    private static StateHeader newer(StateHeader found, StateHeader candidate) {
        if (candidate == null) return found;
        return found == null || candidate.getEventCount() > found.getEventCount() ? candidate : found;
    }

    /**
     * For every part changed after {@code time}: the value it had before its first change after that time (empty
     * where it did not exist), with the time of that change.
     */
    public Map<String, Change> changesAfter(String commodity, long time) {
        Map<String, Change> first = new LinkedHashMap<>();
        try (KeyValueIterator<String, StatePart> it = history.range(StateParts.historyFrom(commodity, time + 1), StateParts.end(commodity))) {
            while (it.hasNext()) {
                KeyValue<String, StatePart> kv = it.next();
                StateParts.HistoryEntry entry = StateParts.parseHistoryKey(commodity, kv.key);
                first.putIfAbsent(entry.partId(), new Change(entry.validUntil(), Optional.ofNullable((SpecificRecord) kv.value.getValue())));
            }
        }
        return first;
    }

    /** A part's first change after some time: when, and the value it had until then. */
    public record Change(long at, Optional<SpecificRecord> before) {
    }

    /** Each part changed after some time, with the value it had then (null: it did not exist then). */
    static Map<String, SpecificRecord> valuesThen(Map<String, Change> changesAfter) {
        if (changesAfter.isEmpty()) return Map.of();
        Map<String, SpecificRecord> then = new HashMap<>();
        changesAfter.forEach((id, change) -> then.put(id, change.before().orElse(null)));
        return then;
    }

    /**
     * The state as it stood at {@code time}: the current canonical state with the later changes undone, less the
     * measures of events after {@code time} (added at their own event time, an addition that leaves no history entry).
     */
    static CommodityState stateAt(Current current, Map<String, SpecificRecord> valuesThen, long time) {
        return StateParts.withChanges(current.state(), valuesThen, part -> StateParts.notYetAt(part, time), current.header());
    }

    /**
     * The state a fact of {@code time} meets, as the state stage joins it: empty before the history kept, else the parts
     * as they stood then (observations at their newest).
     */
    public CommodityState metAt(String commodity, long time) {
        Current current = current(commodity);
        StateHeader header = current.header();
        if (header != null && time < header.getHistoryHorizon().toEpochMilli()) return CommodityStates.empty(commodity);
        if (header == null || time >= header.getNewestVersion().toEpochMilli()) return current.state();
        return stateAt(current, valuesThen(changesAfter(commodity, time)), time);
    }

    /** The newest state, or null when nothing is known of the commodity. */
    public CommodityState latest(String commodity) {
        Current current = current(commodity);
        return current.header() == null ? null : current.state();
    }

    /**
     * The state as it stood at {@code time}; null when nothing but observations was known of the commodity then, or
     * the time lies before the history kept (state.history.retention.days).
     */
    public CommodityState asOf(String commodity, long time) {
        Current current = current(commodity);
        if (current.header() == null || time < current.header().getHistoryHorizon().toEpochMilli()) return null;
        if (time >= current.header().getNewestVersion().toEpochMilli()) return current.state();
        CommodityState at = stateAt(current, valuesThen(changesAfter(commodity, time)), time);
        return StateParts.holdsOnlyPartsWithoutHistory(at) ? null : at;
    }
}
