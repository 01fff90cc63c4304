package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts the entities a shock or signal reaches and names the most exposed of them ({@link ReachedEntities}): an
 * alert on a commodity that a hundred thousand companies depend on names the top N and the count, and the full list
 * is served over HTTP.
 */
final class AffectedEntities implements FixedKeyProcessor<String, Shock, Shock> {

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
        ReachedEntities.Reached reached = ReachedEntities.of(profiles, shock.commodity(), shock.issuerCountry(), top);
        context.forward(record.withValue(shock.toBuilder()
                .affectedEntities(reached.most().stream().map(ExposureProfile::getEntityName).toList())
                .affectedEntityCount(reached.count())
                .build()));
    }
}
