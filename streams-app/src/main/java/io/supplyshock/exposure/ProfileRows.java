package io.supplyshock.exposure;

import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.topics.Topics;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;

/**
 * A profile change (keyed commodity|entity|country): stored, and its one row computed against its commodity's
 * contributions. A row is a pure function of its profile and those contributions, so the row the profile had is
 * computed from the stored profile: a republished profile (or one whose change no row field shows) emits nothing,
 * and a deletion of a profile never stored emits no tombstone.
 */
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
        ExposureProfile before = profiles.get(key);
        if (profile.equals(before)) return;
        profiles.put(key, profile);
        List<Contribution> current = contributionsOf(profile.getCommodity()).list();
        ExposureRow row = Exposures.row(profile, current);
        if (before != null && row.equals(Exposures.row(before, current))) return;
        context.forward(record.withKey(rowKey).withValue(row));
    }
}
