package io.supplyshock.scoring;

import io.supplyshock.state.FactInContext;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StageApi;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * Stage 3: score every policy event and disruption against the commodity state valid at its event time,
 * and re-score the measures in force and the recent disruptions when a fact changes one of their inputs.
 */
@StageApi
public final class ShockScoringTopology {

    private ShockScoringTopology() {
    }

    public static KStream<String, Shock> build(StreamsBuilder builder, Topics topics, KStream<String, FactInContext> inContext,
                                                     double concentrationCapPct) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.RECENT_DISRUPTIONS),
                Serdes.String(), topics.disruptionEvents().valueSerde()).withCachingEnabled());
        return inContext.processValues(() -> new ShockScoringProcessor(concentrationCapPct), Named.as("score-shocks"),
                StoreNames.RECENT_DISRUPTIONS);
    }
}
