package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureRow;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.RecentlyUsed;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shock (keyed by commodity): folded into its commodity's contributions, writing only the blocks of the slots it
 * changes (its own, in the slot of the one it pushes past the cap, and those it ends), then one prefix scan over the commodity's
 * profiles emits the rows it changes: those reached by a contribution it added, changed or dropped (its own, those it
 * ends, the one it pushes past the cap).
 */
final class ShockFanOut extends CommodityExposureProcessor<Shock> {

    /** Commodities whose contributions (at most 50 small entries each) stay in memory. */
    static final int CACHED_COMMODITIES = 1_000;

    /**
     * The stored contributions of the commodities seen recently, so a shock reads no store. This processor is their
     * only writer; the copy is dropped whenever the task is (re)initialised, and for a commodity whose shock failed.
     */
    private final Map<String, StoredContributions> recent = RecentlyUsed.map(CACHED_COMMODITIES);

    @Override
    public void init(ProcessorContext<String, ExposureRow> context) {
        super.init(context);
        recent.clear();
    }

    @Override
    public void close() {
        recent.clear();
    }

    @Override
    public void process(Record<String, Shock> record) {
        try {
            fanOut(record);
        } catch (RuntimeException e) {
            recent.remove(record.value().commodity());
            throw e;
        }
    }

    private void fanOut(Record<String, Shock> record) {
        Shock shock = record.value();
        String commodity = shock.commodity();
        StoredContributions stored = recent.computeIfAbsent(commodity, this::contributionsOf);
        List<Contribution> before = stored.list();
        List<Contribution> after = Exposures.addShock(shock, before);
        if (after.equals(before)) return; // a redelivered shock changes no row
        // A row changes when a contribution that reaches it changes: the shock's own, those it ended, the one it pushed
        // past the cap. Rewriting exactly those keeps every row what its profile and the kept contributions give.
        Set<String> changedIssuers = stored.replaceWith(after);
        stored.writeChanged((key, block) -> {
            if (block == null) {
                contributions.delete(key);
            } else {
                contributions.put(key, block);
            }
        });
        try (KeyValueIterator<String, ExposureProfile> it = profiles.prefixScan(commodity + "|", Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, ExposureProfile> kv = it.next();
                ExposureProfile p = kv.value;
                if (changedIssuers.stream().noneMatch(issuer -> Exposures.reaches(p, issuer))) continue;
                context.forward(record.withKey(Topics.exposureKey(p.getEntityId(), p.getCommodity(), p.getCountry()))
                        .withValue(Exposures.row(p, after)));
            }
        }
    }
}
