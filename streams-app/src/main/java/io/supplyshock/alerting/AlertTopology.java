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
 * Stage 5: alerts. Shocks and signals arrive keyed by commodity in the task that read their events, and every
 * situation of a measure, a disruption or a signal is of one commodity, so they are de-duplicated right there: the
 * alert is written in the commit of the event that raised it. Deadline milestones are the exception: a grouped
 * measure's milestone key names its group, which may span commodities, so milestones are re-keyed by that key first.
 * The storyline across commodities is counted after the alerts, by {@link StorylineTopology}.
 */
@StageApi
public final class AlertTopology {

    private AlertTopology() {
    }

    public static void build(StreamsBuilder builder, Topics topics, KStream<String, Shock> shocks,
                                               Severity minSeverity, Consumer<Alert> onAlert) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ALERT_LEDGER),
                Serdes.String(), topics.alertLedgerSerde()).withCachingEnabled());
        // No record cache for the slices: a commit seldom writes one slice twice, so a cache would merge next to nothing
        // and only take room the stores that merge need (docs/benchmarks.md, "Settings chosen by measurement").
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.STORYLINE_SLICES),
                Serdes.String(), topics.storylineSliceSerde()));
        KStream<String, Shock> milestones = shocks
                .filter((commodity, shock) -> shock.kind() == Shock.Kind.DEADLINE, Named.as("milestones"))
                .selectKey((commodity, shock) -> shock.dedupKey(), Named.as("key-milestones-by-situation"))
                .repartition(Repartitioned.<String, Shock>as(StoreNames.DEADLINES_BY_SITUATION)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.shockSerde()));
        KStream<String, Alert> alerts = shocks
                .filterNot((commodity, shock) -> shock.kind() == Shock.Kind.DEADLINE, Named.as("situations-of-one-commodity"))
                .merge(milestones, Named.as("situations-and-milestones"))
                .processValues(() -> new AlertDeduplicator(minSeverity, onAlert), Named.as("deduplicate-alerts"),
                        StoreNames.ALERT_LEDGER, StoreNames.STORYLINE_SLICES)
                .selectKey((key, alert) -> alert.getCommodity(), Named.as("key-alerts-by-commodity"));
        alerts.to(Topics.ALERTS, topics.alertsProduced());
    }
}
