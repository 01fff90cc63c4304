package io.supplyshock.exposure;

import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.topics.Topics;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;

/** A profile change (keyed commodity|entity|country): stored, and its one row computed against its commodity's contributions. */
final class ProfileRows extends CommodityExposureProcessor<ExposureProfile> {

    @Override
    public void process(Record<String, ExposureProfile> record) {
        String key = record.key();
        ExposureProfile profile = record.value();
        String rowKey = Topics.exposureKeyOfCommodityFirst(key);
        if (profile == null) {
            if (profiles.delete(key) != null) context.forward(record.withKey(rowKey).withValue(null));
            return;
        }
        profiles.put(key, profile);
        List<Contribution> current = contributionsOf(profile.getCommodity()).stream().map(kv -> kv.value).toList();
        context.forward(record.withKey(rowKey).withValue(Exposures.row(profile, current)));
    }
}
