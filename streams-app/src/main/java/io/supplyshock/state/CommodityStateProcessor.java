package io.supplyshock.state;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.schema.internal.StateHeader;
import io.supplyshock.schema.internal.StatePart;
import io.supplyshock.topics.RecentlyUsed;
import io.supplyshock.topics.StoreNames;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps each commodity's state as parts (see {@link StateParts}), with the history of every part kept by time, so
 * that a fact is joined with the state valid at its own event time: an event replayed from history sees the state
 * a live run saw. The fact is then folded in at that time, and only the parts it changes are written.
 *
 * <p>A late fact (older than the newest version) is also folded into the newest state: the folds are newest-wins on
 * the facts' own dates, so the newest state ends up the same whatever the arrival order. Those changes are written
 * as of the newest version's time; versions between the two keep what the late fact itself changed.
 *
 * <p>The newest parts of the commodities seen recently are also held in memory, so an in-order fact reads no store.
 * That copy is derived: it is dropped whenever the task is (re)initialised, so after an aborted transaction it is
 * rebuilt from the restored stores.
 */
final class CommodityStateProcessor implements FixedKeyProcessor<String, Fact, FactInContext> {

    /** Commodities whose newest parts stay in memory (each a few kilobytes). */
    static final int CACHED_COMMODITIES = 1_000;
    /** History entries one commodity keeps; past this the oldest go, and facts older than what remains read an empty state. */
    static final int MAX_HISTORY_ENTRIES = 4_096;
    /** Facts of a commodity between two sweeps of its history. */
    static final int SWEEP_EVERY = 64;

    private final long retentionMs;
    private FixedKeyProcessorContext<String, FactInContext> context;
    private KeyValueStore<String, StatePart> parts;
    private KeyValueStore<String, StatePart> history;
    private CommodityStateStore reader;
    private final Map<String, CommodityStateStore.Current> recent = RecentlyUsed.map(CACHED_COMMODITIES);

    CommodityStateProcessor(Duration historyRetention) {
        this.retentionMs = historyRetention.toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, FactInContext> context) {
        this.context = context;
        this.parts = context.getStateStore(StoreNames.COMMODITY_STATE_PARTS);
        this.history = context.getStateStore(StoreNames.COMMODITY_STATE_HISTORY);
        this.reader = new CommodityStateStore(parts, history);
        recent.clear();
    }

    @Override
    public void close() {
        recent.clear();
    }

    @Override
    public void process(FixedKeyRecord<String, Fact> record) {
        String commodity = record.value().commodity();
        try {
            context.forward(record.withValue(fold(commodity, record.value()))
                    .withTimestamp(Math.max(record.timestamp(), record.value().eventTime().toEpochMilli())));
        } catch (RuntimeException e) {
            // The failed fact may have written some parts: the store, not the memory, is then the truth.
            recent.remove(commodity);
            throw e;
        }
    }

    private FactInContext fold(String commodity, Fact fact) {
        long time = fact.eventTime().toEpochMilli();
        CommodityStateStore.Current current = recent.computeIfAbsent(commodity, reader::current);
        StateHeader header = current.header();
        long newest = header == null ? Long.MIN_VALUE : header.getNewestVersion().toEpochMilli();
        long horizon = header == null ? Long.MIN_VALUE : header.getHistoryHorizon().toEpochMilli();
        Writes writes = new Writes(commodity, current.parts(), current.measureSlots(), header == null ? 0 : header.getHistoryEntries());

        CommodityState atEventTime;
        CommodityStates.Applied applied = null;
        boolean partsChanged = false;
        if (time < horizon) {
            // Older than the history kept: as with no history at all, the fact meets an empty state and only the
            // newest state learns of it.
            atEventTime = CommodityStates.empty(commodity);
        } else {
            boolean inOrder = time >= newest;
            Map<String, CommodityStateStore.Change> later = inOrder ? Map.of() : reader.changesAfter(commodity, time);
            Map<String, SpecificRecord> then = CommodityStateStore.valuesThen(later);
            atEventTime = inOrder ? current.state() : CommodityStateStore.stateAt(current, then, time);
            applied = CommodityStates.apply(atEventTime, fact);
            Map<String, SpecificRecord> changes = StateParts.changes(atEventTime, applied.state());
            for (Map.Entry<String, SpecificRecord> change : changes.entrySet()) {
                String id = change.getKey();
                SpecificRecord before = then.containsKey(id) ? then.get(id) : current.parts().get(id);
                if (before != null && StateParts.notYetAt(before, time)) before = null;
                writes.keepBefore(time, id, before, change.getValue(), time <= newest);
                CommodityStateStore.Change next = later.get(id);
                if (next != null) {
                    // The part changes again later: the fact's value holds from its time until that change.
                    writes.history(next.at(), id, change.getValue());
                } else {
                    writes.current(id, change.getValue());
                    partsChanged = true;
                }
            }
        }
        CommodityState latest;
        // The canonical state the newest fold started from: its lists the fold did not touch stay canonical.
        CommodityState foldedFrom;
        if (time < newest) {
            // current.state() is the newest state before this fact's writes (or, assembled only now, after them: applying
            // the same changes again changes nothing).
            foldedFrom = partsChanged ? StateParts.withChanges(current.state(), writes.currentChanges, part -> false, header) : current.state();
            CommodityStates.Applied folded = CommodityStates.apply(foldedFrom, fact);
            for (Map.Entry<String, SpecificRecord> change : StateParts.changes(foldedFrom, folded.state()).entrySet()) {
                writes.keepBefore(newest, change.getKey(), writes.now.get(change.getKey()), change.getValue(), true);
                writes.current(change.getKey(), change.getValue());
            }
            latest = folded.state();
        } else {
            foldedFrom = atEventTime;
            latest = applied.state();
        }

        StateHeader next = StateParts.header(latest, Instant.ofEpochMilli(Math.max(newest, time)),
                Instant.ofEpochMilli(horizon == Long.MIN_VALUE ? 0 : Math.max(0, horizon)), writes.historyEntries);
        if (next.getEventCount() % SWEEP_EVERY == 0 || next.getHistoryEntries() > MAX_HISTORY_ENTRIES) {
            next = sweepHistory(commodity, next);
        }
        writes.finish(next, header == null);
        // The fold's own lists are the parts: only the lists it rebuilt are sorted into canonical order.
        CommodityState newestCanonical = StateParts.canonicalAfter(latest, foldedFrom, next);
        recent.put(commodity, new CommodityStateStore.Current(commodity, next, writes.now, writes.measureSlots, newestCanonical));

        List<String> endedIds = applied == null ? List.of() : applied.endedEventIds();
        List<Measure> ended = endedIds.isEmpty() ? List.of()
                : atEventTime.getMeasures().stream().filter(m -> endedIds.contains(m.getEventId())).toList();
        return new FactInContext(fact, atEventTime, newestCanonical, ended);
    }

    /** Store writes of one fact, counting the history entries it adds. */
    private final class Writes {
        private final String commodity;
        /**
         * The newest parts after the writes so far: the commodity's map in memory, changed in place (copying a hundred
         * parts per fact showed in profiles). A fact that fails half-way drops the commodity from memory (process).
         */
        final Map<String, SpecificRecord> now;
        /**
         * The parts this fact changed in {@link #now}, in order, with their new values (null: removed): what
         * {@link #finish} writes, once the fact's changes are all known (a measure added may take the slot of one
         * removed).
         */
        final Map<String, SpecificRecord> currentChanges = new LinkedHashMap<>();
        int historyEntries;

        /** Where the measures are stored: the commodity's slots in memory, changed in place as {@link #now} is. */
        final MeasureSlots measureSlots;

        Writes(String commodity, Map<String, SpecificRecord> parts, MeasureSlots measureSlots, int historyEntries) {
            this.commodity = commodity;
            this.now = parts;
            this.measureSlots = measureSlots;
            this.historyEntries = historyEntries;
        }

        /**
         * Records the value a part had before {@code at}, unless the part already changed at that very time (then
         * the entry there already holds the value from before it).
         */
        void keepBefore(long at, String id, SpecificRecord before, SpecificRecord after, boolean mayExist) {
            // Observations are published, never scored as of a time (the signal detectors keep their own window):
            // their newest value is all the state needs, and a price then writes no history.
            if (!StateParts.hasHistory(id)) return;
            // A measure enters the state at its own event time, so it says itself that it did not exist before: the
            // state as of an earlier time leaves it out (CommodityStateStore.stateAt) without an entry per new measure.
            if (before == null && StateParts.startsAt(after, at)) return;
            String key = StateParts.historyKey(commodity, at, id);
            if (mayExist && history.get(key) != null) return;
            history.put(key, new StatePart(before, null));
            historyEntries++;
        }

        void history(long validUntil, String id, SpecificRecord value) {
            history.put(StateParts.historyKey(commodity, validUntil, id), new StatePart(value, null));
        }

        void current(String id, SpecificRecord value) {
            currentChanges.put(id, value);
            if (value == null) {
                now.remove(id);
            } else {
                now.put(id, value);
            }
        }

        /**
         * Writes the fact's parts and its header. Measures are written as the blocks of the slots they changed
         * ({@link MeasureSlots}): a measure new to the store takes the slot of one the fact removed (the cap's
         * eviction), else the lowest free slot. The header rides on the last record written, so that a fact costs one
         * record per part or block it changes rather than one more for the header (a third of the parts changelog
         * under the bench's load, where few facts of one commodity share a commit). The header's own entry is written
         * only when the fact wrote no record with a value, and on the commodity's first fact, so that every commodity
         * keeps an entry under its header key (what the publisher and the gauge enumerate commodities by). Readers
         * take the header with the highest event count (CommodityStateStore#current): the newest fact's, since every
         * fact writes one.
         */
        void finish(StateHeader header, boolean firstOfCommodity) {
            List<String> deletes = new ArrayList<>();
            // Removals first, so that a measure the fact adds may take the slot of one it removed.
            for (Map.Entry<String, SpecificRecord> change : currentChanges.entrySet()) {
                if (change.getValue() != null) continue;
                if (StateParts.isMeasure(change.getKey())) {
                    measureSlots.remove(change.getKey(), deletes);
                } else {
                    deletes.add(StateParts.key(commodity, change.getKey()));
                }
            }
            List<KeyValue<String, SpecificRecord>> puts = new ArrayList<>();
            for (Map.Entry<String, SpecificRecord> change : currentChanges.entrySet()) {
                if (change.getValue() == null) continue;
                if (StateParts.isMeasure(change.getKey())) {
                    measureSlots.put(change.getKey(), (Measure) change.getValue(), deletes);
                } else {
                    puts.add(KeyValue.pair(StateParts.key(commodity, change.getKey()), change.getValue()));
                }
            }
            measureSlots.writeChanged((key, block) -> {
                if (block == null) {
                    deletes.add(key);
                } else {
                    puts.add(KeyValue.pair(key, block));
                }
            });
            for (String key : deletes) parts.delete(key);
            for (int i = 0; i < puts.size(); i++) {
                boolean last = i == puts.size() - 1;
                parts.put(puts.get(i).key, new StatePart(puts.get(i).value, last ? header : null));
            }
            if (puts.isEmpty() || firstOfCommodity) parts.put(StateParts.key(commodity, StateParts.HEADER), new StatePart(header, null));
        }
    }

    /**
     * Drops history older than the retention (measured from the commodity's newest version) and, past
     * {@link #MAX_HISTORY_ENTRIES}, the oldest entries; the horizon moves to the newest time dropped.
     */
    private StateHeader sweepHistory(String commodity, StateHeader header) {
        long cutoff = header.getNewestVersion().toEpochMilli() - retentionMs;
        List<KeyValue<String, Long>> entries = new ArrayList<>();
        try (KeyValueIterator<String, StatePart> it = history.range(StateParts.historyFrom(commodity, 0), StateParts.end(commodity))) {
            while (it.hasNext()) {
                String key = it.next().key;
                entries.add(KeyValue.pair(key, StateParts.parseHistoryKey(commodity, key).validUntil()));
            }
        }
        int excess = Math.max(0, entries.size() - MAX_HISTORY_ENTRIES * 3 / 4);
        long horizon = header.getHistoryHorizon().toEpochMilli();
        int dropped = 0;
        for (int i = 0; i < entries.size(); i++) {
            KeyValue<String, Long> entry = entries.get(i);
            if (i >= excess && entry.value >= cutoff) break;
            history.delete(entry.key);
            horizon = Math.max(horizon, entry.value);
            dropped++;
        }
        // Entries share a time: drop the rest of the horizon's time too, so no part is half known there.
        for (int i = dropped; i < entries.size() && entries.get(i).value <= horizon && dropped > 0; i++) {
            history.delete(entries.get(i).key);
            dropped++;
        }
        return StateHeader.newBuilder(header).setHistoryHorizon(Instant.ofEpochMilli(horizon))
                .setHistoryEntries(entries.size() - dropped).build();
    }
}
