package io.supplyshock.exposure;

import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.internal.CommodityShocks;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.util.List;

/**
 * A shock (keyed by commodity): folded into its commodity's shocks, then one prefix scan over the
 * commodity's profiles emits the rows it changes: those it reaches, and those a contribution it ended reached.
 */
final class ShockFanOut extends CommodityExposureProcessor<Shock> {

    @Override
    public void process(Record<String, Shock> record) {
        Shock shock = record.value();
        String commodity = shock.commodity();
        CommodityShocks before = shocks.get(commodity);
        CommodityShocks after = Exposures.addShock(commodity, shock,
                before == null ? CommodityShocks.newBuilder().setCommodity(commodity).build() : before);
        if (after.equals(before)) return; // a redelivered shock changes no row
        shocks.put(commodity, after);
        List<String> endedIssuers = after.getContributions().stream()
                .filter(c -> shock.endedEventIds().contains(c.getEventId())).map(Contribution::getIssuerCountry).toList();
        try (KeyValueIterator<String, ExposureProfile> it = profiles.prefixScan(commodity + "|", Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, ExposureProfile> kv = it.next();
                ExposureProfile p = kv.value;
                boolean changed = Exposures.reaches(p, shock.issuerCountry()) || endedIssuers.stream().anyMatch(i -> Exposures.reaches(p, i));
                if (!changed) continue;
                context.forward(record.withKey(Topics.exposureKey(p.getEntityId(), p.getCommodity(), p.getCountry()))
                        .withValue(Exposures.row(p, after)));
            }
        }
    }
}
