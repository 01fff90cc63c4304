package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Counts the entities a shock or signal reaches and names the most exposed of them (by weight), in one
 * prefix scan with a bounded heap: an alert on a commodity that a hundred thousand companies depend on
 * names the top N and the count, and the full list is served over HTTP.
 */
final class AffectedEntities implements FixedKeyProcessor<String, Shock, Shock> {

    private static final Comparator<ExposureProfile> MOST_EXPOSED_LAST = Comparator.comparingDouble(ExposureProfile::getWeight)
            .thenComparing(ExposureProfile::getEntityName, Comparator.reverseOrder());

    private final int top;
    private FixedKeyProcessorContext<String, Shock> context;
    private KeyValueStore<String, ExposureProfile> profiles;

    AffectedEntities(int top) {
        this.top = top;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Shock> context) {
        this.context = context;
        this.profiles = context.getStateStore(StoreNames.PROFILES_BY_COMMODITY);
    }

    @Override
    public void process(FixedKeyRecord<String, Shock> record) {
        Shock shock = record.value();
        PriorityQueue<ExposureProfile> heap = new PriorityQueue<>(MOST_EXPOSED_LAST);
        Set<String> entities = new HashSet<>();
        try (KeyValueIterator<String, ExposureProfile> it = profiles.prefixScan(shock.commodity() + "|", Serdes.String().serializer())) {
            while (it.hasNext()) {
                ExposureProfile p = it.next().value;
                if (!Exposures.reaches(p, shock.issuerCountry()) || !entities.add(p.getEntityId())) continue;
                heap.add(p);
                if (heap.size() > top) heap.poll();
            }
        }
        List<ExposureProfile> most = new ArrayList<>(heap);
        most.sort(MOST_EXPOSED_LAST.reversed());
        context.forward(record.withValue(shock.toBuilder()
                .affectedEntities(most.stream().map(ExposureProfile::getEntityName).toList())
                .affectedEntityCount(entities.size())
                .build()));
    }
}
