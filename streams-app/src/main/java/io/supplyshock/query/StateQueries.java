package io.supplyshock.query;

import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.state.CommodityStateStore;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.whatif.WhatIf;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Interactive queries against this instance's stores, one partition at a time, and where each key lives.
 * Every store is partitioned by the key the API is asked for (commodity or entity, hashed as Kafka's default
 * partitioner hashes a string), so Kafka Streams' key metadata names the instance that holds it. The
 * commodity state lives in a versioned store, which only the IQv2 API can read.
 */
public final class StateQueries {

    /** The store or instance cannot answer for now (not running, rebalancing, restoring): the client should retry. */
    public static final class NotReadyException extends RuntimeException {
        NotReadyException(String message) {
            super(message);
        }
    }

    /** Where a key lives: on this instance, on another one, or (while a rebalance runs) nowhere yet. */
    public sealed interface Owner {
    }

    public record Here(int partition) implements Owner {
    }

    public record Elsewhere(int partition, HostInfo active, Set<HostInfo> standbys) implements Owner {
    }

    public record Unknown(String reason) implements Owner {
    }

    private final KafkaStreams streams;
    private final HostInfo self;

    public StateQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public HostInfo self() {
        return self;
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

    public Owner owner(String store, String key) {
        if (!isReady()) return new Unknown("streams state is " + streams.state() + "; queries are served once it is RUNNING");
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (RuntimeException e) {
            return new Unknown("no metadata for " + store + " yet: " + e.getMessage());
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) || metadata.activeHost().port() < 0) {
            return new Unknown("no instance owns '" + key + "' of " + store + " at the moment (rebalancing)");
        }
        if (metadata.activeHost().equals(self)) return new Here(metadata.partition());
        return new Elsewhere(metadata.partition(), metadata.activeHost(), metadata.standbyHosts());
    }

    /** Offsets this instance's copy of a partition is behind its changelog; 0 for an active, up-to-date copy. */
    public long lag(String store, int partition) {
        Map<String, Map<Integer, LagInfo>> lags = streams.allLocalStorePartitionLags();
        LagInfo info = lags.getOrDefault(store, Map.of()).get(partition);
        if (info == null) throw new NotReadyException("this instance holds no copy of " + store + " partition " + partition);
        return info.offsetLag();
    }

    /** @param standby read a standby copy: an answer possibly behind the active one, for when its owner is down */
    public Optional<CommodityState> commodity(String commodity, int partition, boolean standby) {
        CommodityStateStore states = new CommodityStateStore(store(StoreNames.COMMODITY_STATE_PARTS, partition, standby),
                store(StoreNames.COMMODITY_STATE_HISTORY, partition, standby));
        try {
            return Optional.ofNullable(states.latest(commodity));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException(StoreNames.COMMODITY_STATE_PARTS + " partition " + partition + " cannot be queried now: " + e.getMessage());
        }
    }

    public List<ExposureRow> exposures(String entityId, int partition, boolean standby) {
        ReadOnlyKeyValueStore<String, ExposureRow> store = store(StoreNames.EXPOSURE_ROWS, partition, standby);
        List<ExposureRow> rows = new ArrayList<>();
        try (KeyValueIterator<String, ExposureRow> it = store.prefixScan(entityId + "|", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> rows.add(kv.value));
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException(StoreNames.EXPOSURE_ROWS + " partition " + partition + " cannot be read now: " + e.getMessage());
        }
        rows.sort((a, b) -> Integer.compare(b.getShockScore(), a.getShockScore()));
        return rows;
    }

    /** One page of the entities exposed to a commodity, in key order. */
    public record ExposedPage(int total, List<ExposureProfile> profiles) {
    }

    public ExposedPage exposed(String commodity, int offset, int limit, int partition, boolean standby) {
        ReadOnlyKeyValueStore<String, ExposureProfile> store = store(StoreNames.PROFILES_BY_COMMODITY, partition, standby);
        List<ExposureProfile> page = new ArrayList<>();
        int total = 0;
        try (KeyValueIterator<String, ExposureProfile> it = store.prefixScan(commodity + "|", Serdes.String().serializer())) {
            while (it.hasNext()) {
                ExposureProfile p = it.next().value;
                if (total >= offset && page.size() < limit) page.add(p);
                total++;
            }
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException(StoreNames.PROFILES_BY_COMMODITY + " partition " + partition + " cannot be read now: " + e.getMessage());
        }
        return new ExposedPage(total, page);
    }

    /** The active stores of one partition of this instance, for a what-if scenario to read. */
    public WhatIf.Stores stores(int partition) {
        return new WhatIf.Stores() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
                return StateQueries.this.store(name, partition, false);
            }
        };
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition, boolean standby) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition);
        try {
            return streams.store(standby ? parameters.enableStaleStores() : parameters);
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException(name + " partition " + partition + " is not available on this instance now: " + e.getMessage());
        }
    }
}
