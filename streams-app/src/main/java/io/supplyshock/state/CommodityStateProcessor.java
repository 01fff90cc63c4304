package io.supplyshock.state;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.Measure;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;

import java.util.List;

/**
 * Keeps each commodity's state in a versioned store keyed by commodity, with one version per event
 * time. A fact is joined with the version valid at its own event time, so an event replayed from
 * history sees exactly the state a live run saw; then the fact is folded in at that time.
 *
 * <p>A late fact (older than the newest version) is also folded into the newest version: the folds
 * are newest-wins on the facts' own dates, so the newest state ends up the same whatever the arrival
 * order. Versions between the two are not rewritten; that is the price of a bounded store.
 */
final class CommodityStateProcessor implements FixedKeyProcessor<String, Fact, FactInContext> {

    private FixedKeyProcessorContext<String, FactInContext> context;
    private VersionedKeyValueStore<String, CommodityState> store;

    @Override
    public void init(FixedKeyProcessorContext<String, FactInContext> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.COMMODITY_STATE);
    }

    @Override
    public void process(FixedKeyRecord<String, Fact> record) {
        Fact fact = record.value();
        String commodity = fact.commodity();
        long eventTime = fact.eventTime().toEpochMilli();

        VersionedRecord<CommodityState> asOf = store.get(commodity, eventTime);
        CommodityState atEventTime = asOf == null ? CommodityStates.empty(commodity) : asOf.value();
        CommodityStates.Applied applied = CommodityStates.apply(atEventTime, fact);
        VersionedRecord<CommodityState> newest = store.get(commodity);
        long put = store.put(commodity, applied.state(), eventTime);
        if (put == VersionedKeyValueStore.PUT_RETURN_CODE_NOT_PUT && newest == null) {
            // Older than the store's history (a structural fact stamped at the start of history, say) and nothing
            // newer to fold it into: it is kept from the current stream time on.
            store.put(commodity, applied.state(), context.currentStreamTimeMs());
        }

        CommodityState latest = applied.state();
        if (newest != null && newest.timestamp() > eventTime) {
            latest = CommodityStates.apply(newest.value(), fact).state();
            store.put(commodity, latest, newest.timestamp());
        }
        List<Measure> ended = atEventTime.getMeasures().stream()
                .filter(m -> applied.endedEventIds().contains(m.getEventId()))
                .toList();
        context.forward(record.withValue(new FactInContext(fact, atEventTime, latest, ended))
                .withTimestamp(Math.max(record.timestamp(), eventTime)));
    }
}
