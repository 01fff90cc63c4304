package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.internal.CommodityShocks;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/** The two stores of a commodity's exposure, shared by the processors that keep them: its profiles and its shocks. */
abstract class CommodityExposureProcessor<V> implements Processor<String, V, String, ExposureRow> {

    protected ProcessorContext<String, ExposureRow> context;
    protected KeyValueStore<String, ExposureProfile> profiles;
    protected KeyValueStore<String, CommodityShocks> shocks;

    @Override
    public void init(ProcessorContext<String, ExposureRow> context) {
        this.context = context;
        this.profiles = context.getStateStore(StoreNames.PROFILES_BY_COMMODITY);
        this.shocks = context.getStateStore(StoreNames.SHOCKS_BY_COMMODITY);
    }
}
