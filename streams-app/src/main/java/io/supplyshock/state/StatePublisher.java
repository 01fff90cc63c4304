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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes the newest state of each commodity that changed, once per interval, however many facts it took: a
 * busy commodity costs one record per interval on {@code supply.commodity-state}, not one per fact.
 *
 * <p>What changed since the last publication is held in memory only. If the task stops between committing a fact
 * and publishing its commodity (a crash), the next start publishes every commodity the task holds once, so the
 * compacted topic ends with the newest state of each whatever happened.
 */
final class StatePublisher implements Processor<String, FactInContext, String, CommodityState> {

    private final Duration interval;
    private final Map<String, CommodityState> changed = new LinkedHashMap<>();
    private ProcessorContext<String, CommodityState> context;
    private KeyValueStore<String, StatePart> parts;
    private boolean republishAll;

    StatePublisher(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, CommodityState> context) {
        this.context = context;
        this.parts = context.getStateStore(StoreNames.COMMODITY_STATE_PARTS);
        changed.clear();
        republishAll = true;
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    @Override
    public void process(Record<String, FactInContext> record) {
        // One entry per commodity of this task, replaced by each fact: bounded by the task's commodities.
        changed.put(record.key(), record.value().latest());
    }

    private void publish() {
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
        }
        changed.forEach((commodity, state) -> {
            if (state != null) context.forward(new Record<>(commodity, state, state.getUpdatedAt().toEpochMilli()));
        });
        changed.clear();
    }
}
