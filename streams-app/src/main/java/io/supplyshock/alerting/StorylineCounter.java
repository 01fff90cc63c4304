package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.Storyline;
import io.supplyshock.schema.internal.StorylineTally;
import io.supplyshock.topics.AlertPartitioning;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds each alert to its storyline's tally ({@link Storylines#count}) and publishes the storyline, keyed by its id,
 * when it changed. An alert not written on its storyline's partition (by a version that partitioned alerts by
 * commodity) is skipped: this task may hold only part of that storyline, and a replay writes the alert again where
 * it belongs.
 */
final class StorylineCounter implements Processor<String, Alert, String, Storyline> {

    private static final Logger LOG = LoggerFactory.getLogger(StorylineCounter.class);

    private ProcessorContext<String, Storyline> context;
    private KeyValueStore<String, StorylineTally> tallies;
    private long skippedOldLayout;

    @Override
    public void init(ProcessorContext<String, Storyline> context) {
        this.context = context;
        this.tallies = context.getStateStore(StoreNames.STORYLINE_TALLIES);
    }

    @Override
    public void process(Record<String, Alert> record) {
        if (!AlertPartitioning.isByStoryline(record.headers())) {
            // Logged at powers of two: an upgrade may leave thousands of such alerts.
            if (Long.bitCount(++skippedOldLayout) == 1) {
                LOG.warn("storylines: skipped {} alert(s) written on their commodity's partition by an earlier version, latest {}",
                        skippedOldLayout, record.value().getAlertId());
            }
            return;
        }
        String storylineId = record.value().getStorylineId();
        Storylines.count(tallies.get(storylineId), record.value()).ifPresent(tally -> {
            tallies.put(storylineId, tally);
            context.forward(record.withKey(storylineId).withValue(tally.getStoryline()));
        });
    }
}
