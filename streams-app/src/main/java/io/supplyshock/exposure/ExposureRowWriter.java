package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureRow;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the rows of the entities of this partition under {@code entity|commodity|country}, so that
 * all rows of one entity are found with one prefix scan (the interactive query of /api/exposures).
 * Unchanged rows are not re-emitted: a republished profile file recomputes the row of every profile in
 * it, and the rows of the profiles that did not change come out the same. A deleted profile's tombstone
 * deletes its row and is passed on, so the compacted topic drops the row too.
 */
final class ExposureRowWriter implements FixedKeyProcessor<String, ExposureRow, ExposureRow> {

    private FixedKeyProcessorContext<String, ExposureRow> context;
    private KeyValueStore<String, ExposureRow> rows;

    @Override
    public void init(FixedKeyProcessorContext<String, ExposureRow> context) {
        this.context = context;
        this.rows = context.getStateStore(StoreNames.EXPOSURE_ROWS);
    }

    @Override
    public void process(FixedKeyRecord<String, ExposureRow> record) {
        ExposureRow row = record.value();
        String key = record.key();
        ExposureRow current = rows.get(key);
        if (row == null) {
            if (current == null) return;
            rows.delete(key);
        } else {
            if (row.equals(current)) return;
            rows.put(key, row);
        }
        context.forward(record);
    }
}
