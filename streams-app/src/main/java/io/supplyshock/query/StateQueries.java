package io.supplyshock.query;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.topics.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.VersionedKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Interactive queries against this instance's stores. The commodity state lives in a versioned
 * store, which only the IQv2 API can read; exposure rows are found by an entity prefix scan.
 */
public final class StateQueries {

    public static final class NotReadyException extends RuntimeException {
        NotReadyException(String message) {
            super(message);
        }
    }

    private final KafkaStreams streams;

    public StateQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    public String streamsState() {
        return streams.state().name();
    }

    /** Alive unless it has failed or is shutting down; a rebalance is not a reason to restart the process. */
    public boolean isLive() {
        return switch (streams.state()) {
            case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN -> false;
            default -> true;
        };
    }

    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public Optional<CommodityState> commodity(String commodity) {
        requireReady();
        StateQueryRequest<VersionedRecord<CommodityState>> request = StateQueryRequest
                .inStore(StoreNames.COMMODITY_STATE)
                .withQuery(VersionedKeyQuery.<String, CommodityState>withKey(commodity));
        StateQueryResult<VersionedRecord<CommodityState>> result = streams.query(request);
        return result.getPartitionResults().values().stream()
                .filter(r -> r.isSuccess() && r.getResult() != null)
                .map(r -> r.getResult().value())
                .findFirst();
    }

    public List<ExposureRow> exposures(String entityId) {
        requireReady();
        ReadOnlyKeyValueStore<String, ExposureRow> store = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.EXPOSURE_ROWS, QueryableStoreTypes.keyValueStore()));
        List<ExposureRow> rows = new ArrayList<>();
        try (KeyValueIterator<String, ExposureRow> it = store.prefixScan(entityId + "|", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> rows.add(kv.value));
        }
        rows.sort((a, b) -> Integer.compare(b.getShockScore(), a.getShockScore()));
        return rows;
    }

    /** One page of the entities exposed to a commodity (this instance's partitions), in key order. */
    public record ExposedPage(int total, List<ExposureProfile> profiles) {
    }

    public ExposedPage exposed(String commodity, int offset, int limit) {
        requireReady();
        ReadOnlyKeyValueStore<String, ExposureProfile> store = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.PROFILES_BY_COMMODITY, QueryableStoreTypes.keyValueStore()));
        List<ExposureProfile> page = new ArrayList<>();
        int total = 0;
        try (KeyValueIterator<String, ExposureProfile> it = store.prefixScan(commodity + "|", Serdes.String().serializer())) {
            while (it.hasNext()) {
                ExposureProfile p = it.next().value;
                if (total >= offset && page.size() < limit) page.add(p);
                total++;
            }
        }
        return new ExposedPage(total, page);
    }

    private void requireReady() {
        if (!isReady()) {
            throw new NotReadyException("streams state is " + streams.state() + "; queries are served once it is RUNNING");
        }
    }
}
