package io.supplyshock.alerting;

import io.supplyshock.schema.Alert;
import io.supplyshock.topics.StageApi;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Stage 6: storylines. A storyline can span commodities, hence partitions, so it is counted from the alerts once
 * they are written, re-keyed by storyline: the alerts never wait for it. {@code supply.storylines} holds each
 * storyline's alerts on every commodity; an alert's own {@code storylineSequence} counts its commodity only.
 */
@StageApi
public final class StorylineTopology {

    private StorylineTopology() {
    }

    public static void build(StreamsBuilder builder, Topics topics, KStream<String, Alert> alerts) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.STORYLINE_TALLIES),
                Serdes.String(), topics.storylineTallySerde()).withCachingEnabled());
        alerts.filter((commodity, alert) -> alert.getStorylineId() != null, Named.as("alerts-in-storylines"))
                // The tally reads an alert's id, commodity, type, band, score and times: the explanation and the entity
                // lists (nine tenths of its bytes) stay behind.
                .mapValues(Storylines::whatATallyReads, Named.as("alerts-as-tallied"))
                .selectKey((commodity, alert) -> alert.getStorylineId(), Named.as("key-alerts-by-storyline"))
                .repartition(Repartitioned.<String, Alert>as(StoreNames.ALERTS_BY_STORYLINE)
                        .withKeySerde(Serdes.String()).withValueSerde(topics.alerts().valueSerde()))
                .processValues(StorylineCounter::new, Named.as("count-storylines"), StoreNames.STORYLINE_TALLIES)
                .to(Topics.STORYLINES, topics.storylines().produced());
    }
}
