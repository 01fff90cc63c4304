package io.supplyshock.exposure;

import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StageApi;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Stage 4: exposure. Profiles are stored one record each under {@code commodity|entity|country}, in the
 * task that holds their commodity's shocks (the profile topic is re-keyed commodity first and partitioned
 * by commodity, like the events); each shock's contribution sits in one of its commodity's 50 slots, stored ten to
 * a record ({@link StoredContributions}). A profile change computes its own row against its commodity's contributions
 * (one prefix scan of at most five blocks); a shock writes the blocks it changes and walks its commodity's profiles
 * with one prefix scan, emitting the rows it changes. No record holds a list of profiles, so a commodity can carry
 * any number of profiles, and a shock costs at most a block of ten contributions.
 *
 * <p>Rows keep their {@code entity|commodity|country} key and are written straight to {@code supply.exposures},
 * partitioned by entity, in the commit of the profile or shock that changed them. The queryable rows store is that
 * topic read back as a table: the topic is its changelog, so a row is written once (where a repartition topic, a
 * store's changelog and the output topic each took a copy before) and no commit stands between a shock and its rows.
 * A query sees a row once its commit is read back, a commit interval after the topic has it.
 */
@StageApi
public final class ExposureTopology {

    private ExposureTopology() {
    }

    /** The shocks with the count and the most exposed of the entities they reach. */
    public record Built(KStream<String, Shock> reachingShocks) {
    }

    /**
     * @param profileChanges profiles and deletions (null values) under the profile id, as ingest hands them on
     * @param shocks         scored shocks keyed by commodity
     */
    public static Built build(StreamsBuilder builder, Topics topics, KStream<String, ExposureProfile> profileChanges,
                              KStream<String, Shock> shocks, int topAffected) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.PROFILES_BY_COMMODITY),
                Serdes.String(), topics.exposureProfileSerde()).withCachingEnabled());
        // With the record cache, the shocks of one commit that land in one block of slots cost one changelog record.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SHOCK_CONTRIBUTION_BLOCKS),
                Serdes.String(), topics.contributionBlockSerde()).withCachingEnabled());

        KStream<String, ExposureProfile> byCommodity = profileChanges
                // Valid profiles have valid keys (ingest dead-letters the others); a tombstone under a key that is
                // no profile id cannot remove anything, so it is dropped here rather than failing the re-key.
                .filter((profileId, profile) -> profile != null || Topics.isExposureKey(profileId), Named.as("profile-changes-with-valid-keys"))
                .selectKey((profileId, profile) -> Topics.commodityFirstKey(profileId), Named.as("key-profiles-commodity-first"))
                .repartition(Repartitioned.<String, ExposureProfile>as(StoreNames.PROFILES_BY_COMMODITY_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.exposureProfileSerde())
                        .withStreamPartitioner(byPrefix(Topics::commodityOfCommodityFirstKey)));

        KStream<String, ExposureRow> profileRows = byCommodity.process(ProfileRows::new, Named.as("profile-rows"),
                StoreNames.PROFILES_BY_COMMODITY, StoreNames.SHOCK_CONTRIBUTION_BLOCKS);
        KStream<String, ExposureRow> shockRows = shocks.process(ShockFanOut::new, Named.as("shock-fan-out"),
                StoreNames.PROFILES_BY_COMMODITY, StoreNames.SHOCK_CONTRIBUTION_BLOCKS);
        profileRows.merge(shockRows, Named.as("rows-from-profiles-and-shocks"))
                .to(Topics.EXPOSURES, topics.exposures().produced().withStreamPartitioner(byPrefix(Topics::entityOfExposureKey)));
        builder.table(Topics.EXPOSURES, topics.exposures().consumed().withName("read-back-" + Topics.EXPOSURES),
                Materialized.<String, ExposureRow, KeyValueStore<Bytes, byte[]>>as(StoreNames.EXPOSURE_ROWS)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.exposureRowSerde()));

        return new Built(shocks.processValues(() -> new AffectedEntities(topAffected), Named.as("shocks-with-profiles"),
                StoreNames.PROFILES_BY_COMMODITY));
    }

    /**
     * Names the entities each signal reaches, without touching the exposure rows. Signals leave a
     * key-changing stage (deadline punctuation), so they are repartitioned by commodity to meet the profiles.
     */
    public static KStream<String, Shock> withAffectedEntities(Topics topics, KStream<String, Shock> signals, int topAffected) {
        return signals
                .repartition(Repartitioned.<String, Shock>as(StoreNames.SIGNALS_WITH_PROFILES)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.shockSerde()))
                .processValues(() -> new AffectedEntities(topAffected), Named.as("signals-with-profiles"), StoreNames.PROFILES_BY_COMMODITY);
    }

    /**
     * Partitions by one part of a composite key, hashed as the default partitioner hashes a plain string key:
     * profiles by commodity land with their commodity's events, rows by entity with the entity's other rows.
     */
    static <V> StreamPartitioner<String, V> byPrefix(Function<String, String> part) {
        return (topic, key, value, numPartitions) -> {
            byte[] bytes = part.apply(key).getBytes(StandardCharsets.UTF_8);
            return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(bytes)) % numPartitions));
        };
    }
}
