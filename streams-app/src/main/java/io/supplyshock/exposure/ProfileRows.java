package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.internal.CommodityShocks;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** A profile change (keyed commodity|entity|country): stored, and its one row computed against its commodity's shocks. */
final class ProfileRows implements Processor<String, ExposureProfile, String, ExposureRow> {

    private ProcessorContext<String, ExposureRow> context;
    private KeyValueStore<String, ExposureProfile> profiles;
    private KeyValueStore<String, CommodityShocks> shocks;

    @Override
    public void init(ProcessorContext<String, ExposureRow> context) {
        this.context = context;
        this.profiles = context.getStateStore(StoreNames.PROFILES_BY_COMMODITY);
        this.shocks = context.getStateStore(StoreNames.SHOCKS_BY_COMMODITY);
    }

    @Override
    public void process(Record<String, ExposureProfile> record) {
        String key = record.key();
        ExposureProfile profile = record.value();
        String[] parts = key.split("\\|", -1);
        String rowKey = Topics.exposureKey(parts[1], parts[0], parts[2].isEmpty() ? null : parts[2]);
        if (profile == null) {
            if (profiles.delete(key) != null) context.forward(record.withKey(rowKey).withValue(null));
            return;
        }
        profiles.put(key, profile);
        context.forward(record.withKey(rowKey).withValue(Exposures.row(profile, shocks.get(profile.getCommodity()))));
    }
}
