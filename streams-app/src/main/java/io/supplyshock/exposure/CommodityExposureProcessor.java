package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.internal.ContributionBlock;
import io.supplyshock.topics.SlotBlocks;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The two stores of a commodity's exposure, shared by the processors that keep them: its profiles and its shocks'
 * contributions, one entry per profile and a block of ten slots per ten shocks.
 */
abstract class CommodityExposureProcessor<V> implements Processor<String, V, String, ExposureRow> {

    protected ProcessorContext<String, ExposureRow> context;
    protected KeyValueStore<String, ExposureProfile> profiles;
    protected KeyValueStore<String, ContributionBlock> contributions;

    @Override
    public void init(ProcessorContext<String, ExposureRow> context) {
        this.context = context;
        this.profiles = context.getStateStore(StoreNames.PROFILES_BY_COMMODITY);
        this.contributions = context.getStateStore(StoreNames.SHOCK_CONTRIBUTION_BLOCKS);
    }

    /** The commodity's contributions as stored: one prefix scan over its blocks. */
    protected StoredContributions contributionsOf(String commodity) {
        StoredContributions found = new StoredContributions(commodity);
        SlotBlocks.readAll(contributions, StoredContributions.prefix(commodity), found::load);
        return found;
    }
}
