package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.topics.StageApi;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The entities a shock of one issuer reaches in a commodity's profiles: how many, and the most exposed (by weight), in
 * one prefix scan with a bounded heap. Read-only, so the pipeline's alerts and a what-if scenario count alike.
 */
@StageApi
public final class ReachedEntities {

    private static final Comparator<ExposureProfile> MOST_EXPOSED_LAST = Comparator.comparingDouble(ExposureProfile::getWeight)
            .thenComparing(ExposureProfile::getEntityName, Comparator.reverseOrder());

    /** @param most the {@code top} most exposed profiles, most exposed first, one per entity */
    public record Reached(int count, List<ExposureProfile> most) {
    }

    private ReachedEntities() {
    }

    /** @param profiles the store of profiles keyed {@code commodity|entity|country} */
    public static Reached of(ReadOnlyKeyValueStore<String, ExposureProfile> profiles, String commodity, String issuerCountry, int top) {
        PriorityQueue<ExposureProfile> heap = new PriorityQueue<>(MOST_EXPOSED_LAST);
        Set<String> entities = new HashSet<>();
        try (KeyValueIterator<String, ExposureProfile> it = profiles.prefixScan(commodity + "|", Serdes.String().serializer())) {
            while (it.hasNext()) {
                ExposureProfile p = it.next().value;
                if (!Exposures.reaches(p, issuerCountry) || !entities.add(p.getEntityId())) continue;
                heap.add(p);
                if (heap.size() > top) heap.poll();
            }
        }
        List<ExposureProfile> most = new ArrayList<>(heap);
        most.sort(MOST_EXPOSED_LAST.reversed());
        return new Reached(entities.size(), List.copyOf(most));
    }
}
