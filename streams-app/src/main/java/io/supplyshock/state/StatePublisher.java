package io.supplyshock.state;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.internal.StatePart;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes the newest state of each commodity that changed, once per interval, however many facts it took: a
 * busy commodity costs one record per interval on {@code supply.commodity-state}, not one per fact.
 *
 * <p>Commodities are not all published on one tick: that encoded every busy commodity's whole state (up to 7 KB
 * each) in one go once a second, and the alerts behind it in the stream thread waited (the bench's latency traces
 * showed a bump every second). The publisher looks every tenth of the interval and publishes the commodities whose
 * turn has come: each is published at most once per interval, and a commodity's first turn falls at an offset
 * within the interval taken from its name, so busy commodities spread over the ticks.
 *
 * <p>What changed since the last publication is held in memory only. If the task stops between committing a fact
 * and publishing its commodity (a crash), the next start publishes every commodity the task holds once, so the
 * compacted topic ends with the newest state of each whatever happened.
 */
final class StatePublisher implements Processor<String, FactInContext, String, CommodityState> {

    private final Duration interval;
    private final Map<String, CommodityState> changed = new LinkedHashMap<>();
    /** When each commodity of the task was last published (or, before its first, when its turn began). */
    private final Map<String, Long> lastPublished = new HashMap<>();
    private ProcessorContext<String, CommodityState> context;
    private KeyValueStore<String, StatePart> parts;
    private boolean republishAll;
    private long startedAt;

    StatePublisher(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, CommodityState> context) {
        this.context = context;
        this.parts = context.getStateStore(StoreNames.COMMODITY_STATE_PARTS);
        changed.clear();
        lastPublished.clear();
        republishAll = true;
        startedAt = context.currentSystemTimeMs();
        Duration tick = interval.dividedBy(10).compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : interval.dividedBy(10);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::publish);
    }

    @Override
    public void process(Record<String, FactInContext> record) {
        // One entry per commodity of this task in each map, replaced by each fact: bounded by the task's commodities.
        changed.put(record.key(), record.value().latest());
        lastPublished.computeIfAbsent(record.key(), commodity -> firstTurn(commodity, context.currentSystemTimeMs()));
    }

    /** A commodity seen for the first time counts as published a share of the interval ago that its name decides. */
    private long firstTurn(String commodity, long now) {
        long intervalMs = interval.toMillis();
        return now - intervalMs + Math.floorMod(commodity.hashCode(), Math.max(1, intervalMs));
    }

    private void publish(long now) {
        if (republishAll) {
            republishAll = false;
            try (KeyValueIterator<String, StatePart> it = parts.all()) {
                while (it.hasNext()) {
                    KeyValue<String, StatePart> kv = it.next();
                    String commodity = StateParts.commodityOfHeader(kv.key);
                    if (commodity != null && !changed.containsKey(commodity)) changed.put(commodity, null);
                }
            }
            changed.replaceAll((commodity, state) -> state != null ? state : CommodityStateStore.current(parts, commodity).state());
            // After a restart nothing says what was published: every commodity goes out within the first interval,
            // each on its own turn as if first seen at the start.
            changed.keySet().forEach(commodity -> lastPublished.computeIfAbsent(commodity, c -> firstTurn(c, startedAt)));
        }
        long intervalMs = interval.toMillis();
        for (Iterator<Map.Entry<String, CommodityState>> it = changed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, CommodityState> entry = it.next();
            long last = lastPublished.getOrDefault(entry.getKey(), Long.MIN_VALUE / 2);
            if (now - last < intervalMs) continue;
            CommodityState state = entry.getValue();
            if (state != null) context.forward(new Record<>(entry.getKey(), state, state.getUpdatedAt().toEpochMilli()));
            lastPublished.put(entry.getKey(), now);
            it.remove();
        }
    }
}
