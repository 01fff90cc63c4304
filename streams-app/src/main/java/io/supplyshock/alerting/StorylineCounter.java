package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.Storyline;
import io.supplyshock.schema.internal.StorylineTally;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/** Adds each alert to its storyline's tally ({@link Storylines#count}) and publishes the storyline when it changed. */
final class StorylineCounter implements FixedKeyProcessor<String, Alert, Storyline> {

    private FixedKeyProcessorContext<String, Storyline> context;
    private KeyValueStore<String, StorylineTally> tallies;

    @Override
    public void init(FixedKeyProcessorContext<String, Storyline> context) {
        this.context = context;
        this.tallies = context.getStateStore(StoreNames.STORYLINE_TALLIES);
    }

    @Override
    public void process(FixedKeyRecord<String, Alert> record) {
        Storylines.count(tallies.get(record.key()), record.value()).ifPresent(tally -> {
            tallies.put(record.key(), tally);
            context.forward(record.withValue(tally.getStoryline()));
        });
    }
}
