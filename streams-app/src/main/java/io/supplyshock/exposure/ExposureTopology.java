package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.internal.CommodityShocks;
import io.supplyshock.schema.internal.ExposureProfileSet;
import io.supplyshock.schema.internal.ScoredShock;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 4: exposure. Profiles are regrouped by commodity (the many-to-many side, aggregated into one
 * set per commodity) and shocks are folded per commodity; the two tables are joined on commodity, so
 * a shock reaches exactly the profiles of its commodity and never scans all entities. The resulting
 * rows keep their {@code entity|commodity|country} key but are partitioned by entity, so one entity's
 * rows share a partition, a store (for the interactive queries) and an output partition.
 */
public final class ExposureTopology {

    private ExposureTopology() {
    }

    /** The shocks with the names of the entities they reach, and the profiles by commodity for other stages to meet. */
    public record Built(KStream<String, ScoredShock> reachingShocks, KTable<String, ExposureProfileSet> profilesByCommodity) {
    }

    public static Built build(StreamsBuilder builder, Topics topics, KTable<String, ExposureProfile> profiles,
                              KStream<String, ScoredShock> shocks) {
        KTable<String, ExposureProfileSet> profilesByCommodity = profiles
                .groupBy((profileId, p) -> KeyValue.pair(p.getCommodity(), p),
                        Grouped.with(StoreNames.PROFILES_BY_COMMODITY_REPARTITION, Serdes.String(), topics.exposureProfileSerde()))
                .aggregate(() -> ExposureProfileSet.newBuilder().setCommodity("").build(),
                        Exposures::addProfile,
                        Exposures::removeProfile,
                        Named.as("aggregate-profiles-by-commodity"),
                        Materialized.<String, ExposureProfileSet, KeyValueStore<Bytes, byte[]>>as(StoreNames.PROFILES_BY_COMMODITY)
                                .withKeySerde(Serdes.String()).withValueSerde(topics.profileSetSerde()));

        KTable<String, CommodityShocks> shocksByCommodity = shocks
                .groupByKey(Grouped.with("shocks-by-commodity", Serdes.String(), topics.scoredShockSerde()))
                .aggregate(() -> CommodityShocks.newBuilder().setCommodity("").build(),
                        Exposures::addShock,
                        Named.as("aggregate-shocks-by-commodity"),
                        Materialized.<String, CommodityShocks, KeyValueStore<Bytes, byte[]>>as(StoreNames.SHOCKS_BY_COMMODITY)
                                .withKeySerde(Serdes.String()).withValueSerde(topics.commodityShocksSerde()));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.EXPOSURE_ROWS),
                Serdes.String(), topics.exposureRowSerde()));
        KStream<String, ExposureRow> rows = profilesByCommodity
                .leftJoin(shocksByCommodity, Exposures::fanOut, Named.as("join-profiles-with-shocks"))
                .toStream(Named.as("exposure-fan-out"))
                .flatMap((commodity, fanOut) -> fanOut == null ? List.<KeyValue<String, ExposureRow>>of()
                        : fanOut.stream().map(r -> KeyValue.pair(Topics.exposureKey(r.getEntityId(), r.getCommodity(), r.getCountry()), r)).toList(), Named.as("rows-by-key"));
        // A deleted profile leaves the fan-out, so its row needs an explicit tombstone; profile id and row key coincide.
        KStream<String, ExposureRow> removed = profiles
                .toStream(Named.as("exposure-profile-changes"))
                .filter((profileId, profile) -> profile == null, Named.as("removed-exposure-profiles"))
                .mapValues(profile -> (ExposureRow) null, Named.as("exposure-row-tombstones"));
        rows.merge(removed, Named.as("rows-and-tombstones"))
                .repartition(Repartitioned.<String, ExposureRow>as(StoreNames.EXPOSURES_BY_ENTITY_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.exposureRowSerde())
                        .withStreamPartitioner(byEntity()))
                .processValues(ExposureRowWriter::new, Named.as("write-exposure-rows"), StoreNames.EXPOSURE_ROWS)
                .to(Topics.EXPOSURES, topics.exposures().produced().withStreamPartitioner(byEntity()));

        return new Built(withAffectedEntities(topics, shocks, profilesByCommodity, "shocks-with-profiles"), profilesByCommodity);
    }

    /** Names the entities each shock or signal reaches, without touching the exposure rows. */
    public static KStream<String, ScoredShock> withAffectedEntities(Topics topics, KStream<String, ScoredShock> shocks,
                                                                    KTable<String, ExposureProfileSet> profilesByCommodity, String joinName) {
        return shocks.leftJoin(profilesByCommodity,
                (shock, set) -> ScoredShock.newBuilder(shock).setAffectedEntities(Exposures.affectedEntities(shock, set)).build(),
                Joined.with(Serdes.String(), topics.scoredShockSerde(), topics.profileSetSerde(), joinName));
    }

    /** All rows of one entity go to one partition, so a consumer sees an entity's exposure in order. */
    private static StreamPartitioner<String, ExposureRow> byEntity() {
        return (topic, key, value, numPartitions) -> {
            byte[] entity = Topics.entityOfExposureKey(key).getBytes(StandardCharsets.UTF_8);
            return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(entity)) % numPartitions));
        };
    }
}
