package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureRow;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import java.util.ArrayList;
import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.RecentlyUsed;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shock (keyed by commodity): folded into its commodity's contributions, writing only the entries it changes (its
 * own, in the slot of the one it pushes past the cap, and those it ends), then one prefix scan over the commodity's
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
    private final Map<String, List<KeyValue<String, Contribution>>> recent = RecentlyUsed.map(CACHED_COMMODITIES);

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
        List<KeyValue<String, Contribution>> stored = recent.computeIfAbsent(commodity, this::contributionsOf);
        List<Contribution> before = stored.stream().map(kv -> kv.value).toList();
        List<Contribution> after = Exposures.addShock(shock, before);
        if (after.equals(before)) return; // a redelivered shock changes no row
        // A row changes when a contribution that reaches it changes: the shock's own, those it ended, the one it pushed
        // past the cap. Rewriting exactly those keeps every row what its profile and the kept contributions give.
        Set<String> changedIssuers = write(commodity, stored, after);
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

    /**
     * Puts the contributions that are new or changed and deletes those no longer kept. A contribution keeps its
     * key, a redelivered shock's included; a new one takes the key of one that left (one record, not a put and a
     * tombstone) or else a free slot.
     *
     * @return the issuers of every contribution put, changed or dropped: the rows they reach are the rows that change
     */
    private Set<String> write(String commodity, List<KeyValue<String, Contribution>> stored, List<Contribution> after) {
        Set<String> changedIssuers = new HashSet<>();
        Map<String, KeyValue<String, Contribution>> byEventId = new HashMap<>();
        for (KeyValue<String, Contribution> kv : stored) byEventId.put(kv.value.getEventId(), kv);
        Set<String> keptEventIds = new HashSet<>();
        for (Contribution c : after) keptEventIds.add(c.getEventId());
        List<String> leftKeys = new ArrayList<>();
        List<String> keysInUse = new ArrayList<>(stored.size());
        for (KeyValue<String, Contribution> kv : stored) {
            if (keptEventIds.contains(kv.value.getEventId())) {
                keysInUse.add(kv.key);
            } else {
                leftKeys.add(kv.key);
                changedIssuers.add(kv.value.getIssuerCountry());
            }
        }
        List<KeyValue<String, Contribution>> now = new ArrayList<>(after.size());
        for (Contribution c : after) {
            KeyValue<String, Contribution> old = byEventId.get(c.getEventId());
            String key;
            if (old != null) {
                key = old.key;
            } else {
                key = leftKeys.isEmpty() ? ContributionKey.firstFree(commodity, keysInUse).value() : leftKeys.removeLast();
                keysInUse.add(key);
            }
            now.add(KeyValue.pair(key, c));
            if (old == null || !c.equals(old.value)) {
                contributions.put(key, c);
                changedIssuers.add(c.getIssuerCountry());
                if (old != null) changedIssuers.add(old.value.getIssuerCountry());
            }
        }
        for (String key : leftKeys) contributions.delete(key);
        recent.put(commodity, now);
        return changedIssuers;
    }
}
