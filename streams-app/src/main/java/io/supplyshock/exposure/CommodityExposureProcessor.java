package io.supplyshock.exposure;

import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The two stores of a commodity's exposure, shared by the processors that keep them: its profiles and its shocks'
 * contributions, each one entry per profile or per shock.
 */
abstract class CommodityExposureProcessor<V> implements Processor<String, V, String, ExposureRow> {

    protected ProcessorContext<String, ExposureRow> context;
    protected KeyValueStore<String, ExposureProfile> profiles;
    protected KeyValueStore<String, Contribution> contributions;

    @Override
    public void init(ProcessorContext<String, ExposureRow> context) {
        this.context = context;
        this.profiles = context.getStateStore(StoreNames.PROFILES_BY_COMMODITY);
        this.contributions = context.getStateStore(StoreNames.SHOCK_CONTRIBUTIONS);
    }

    /**
     * The commodity's contributions with their store keys, in {@link Exposures#CANONICAL} order: one prefix scan
     * (keys sort by arrival, which a replay need not repeat), then sorted.
     */
    protected List<KeyValue<String, Contribution>> contributionsOf(String commodity) {
        List<KeyValue<String, Contribution>> found = new ArrayList<>();
        try (KeyValueIterator<String, Contribution> it = contributions.prefixScan(ContributionKey.prefix(commodity), Serdes.String().serializer())) {
            while (it.hasNext()) found.add(it.next());
        }
        found.sort((a, b) -> Exposures.CANONICAL.compare(a.value, b.value));
        return found;
    }
}
