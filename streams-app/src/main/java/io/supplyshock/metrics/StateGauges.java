package io.supplyshock.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.supplyshock.state.CommodityStateStore;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How much state this instance holds, read from its local stores when Prometheus scrapes. Each
 * instance reports only the partitions it runs, so a dashboard sums over instances.
 */
public final class StateGauges {

    public static final String COMMODITIES = "supplyshock.commodities";
    public static final String EXPOSURE_ROWS = "supplyshock.exposure.rows";

    private StateGauges() {
    }

    public static void bind(KafkaStreams streams, MeterRegistry registry) {
        Gauge.builder(COMMODITIES, () -> entries(streams, StoreNames.COMMODITY_STATE_PARTS, key -> CommodityStateStore.isOneCommodity(key)))
                .description("Commodities whose state this instance holds")
                .register(registry);
        Gauge.builder(EXPOSURE_ROWS, () -> entries(streams, StoreNames.EXPOSURE_ROWS, key -> true))
                .description("Exposure rows (entity x commodity x country) this instance holds")
                .register(registry);
    }

    /**
     * Counted by iterating, not from RocksDB's estimate: the estimate counts every overwrite still in
     * the memtable, and exposure rows are rewritten on each shock. A scrape every few seconds over
     * thousands of keys costs little. NaN while the stores are not queryable (start-up, rebalance).
     */
    static double entries(KafkaStreams streams, String storeName, java.util.function.Predicate<String> counted) {
        if (streams.state() != KafkaStreams.State.RUNNING) return Double.NaN;
        try {
            ReadOnlyKeyValueStore<String, Object> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
            long count = 0;
            try (KeyValueIterator<String, Object> it = store.all()) {
                while (it.hasNext()) {
                    if (counted.test(it.next().key)) count++;
                }
            }
            return count;
        } catch (InvalidStateStoreException e) {
            return Double.NaN;
        }
    }
}
