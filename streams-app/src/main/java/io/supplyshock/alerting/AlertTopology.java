package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.schema.Severity;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StageApi;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.function.Consumer;

/**
 * Stage 5: alerts. Shocks are re-keyed by storyline so that every report of one real-world event meets
 * its situation's ledger entry and the storyline's other situations (a storyline can span commodities,
 * hence partitions), then de-duplicated, and the alerts are keyed by commodity again for consumers.
 */
@StageApi
public final class AlertTopology {

    private AlertTopology() {
    }

    public static void build(StreamsBuilder builder, Topics topics, KStream<String, Shock> shocks,
                             Severity minSeverity, Consumer<Alert> onAlert) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ALERT_LEDGER),
                Serdes.String(), topics.alertLedgerSerde()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.STORYLINES),
                Serdes.String(), topics.storylineSerde()).withCachingEnabled());
        // Shocks meet their storyline (which can span commodities, hence partitions); signals and deadlines their own key.
        shocks.selectKey((commodity, shock) -> shock.storyline() != null ? shock.storyline() : shock.dedupKey(),
                        Named.as("key-by-situation"))
                .repartition(Repartitioned.<String, Shock>as(StoreNames.ALERT_DEDUP_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.shockSerde()))
                .processValues(() -> new AlertDeduplicator(minSeverity, onAlert), Named.as("deduplicate-alerts"),
                        StoreNames.ALERT_LEDGER, StoreNames.STORYLINES)
                .selectKey((situation, alert) -> alert.getCommodity(), Named.as("key-alerts-by-commodity"))
                .to(Topics.ALERTS, topics.alerts().produced());
    }
}
