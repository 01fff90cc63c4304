package io.supplyshock.state;

import io.supplyshock.topics.StageApi;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;

/**
 * Stage 2: commodity state (supply shares, demand, latest observations, measures) kept as parts with their history
 * by event time, and published to {@code supply.commodity-state}.
 */
@StageApi
public final class CommodityStateTopology {

    private CommodityStateTopology() {
    }

    public static KStream<String, FactInContext> build(StreamsBuilder builder, Topics topics, KStream<String, Fact> facts,
                                                       Duration historyRetention, Duration publishInterval) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.COMMODITY_STATE_PARTS),
                Serdes.String(), topics.statePartSerde()).withCachingEnabled());
        // No record cache for the history: each key is written once, so a cache would merge nothing and only take room
        // the parts' cache merges with (docs/benchmarks.md, "Settings chosen by measurement").
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.COMMODITY_STATE_HISTORY),
                Serdes.String(), topics.statePartSerde()));
        KStream<String, FactInContext> inContext = facts.processValues(() -> new CommodityStateProcessor(historyRetention),
                Named.as("commodity-state"), StoreNames.COMMODITY_STATE_PARTS, StoreNames.COMMODITY_STATE_HISTORY);
        inContext.process(() -> new StatePublisher(publishInterval), Named.as("publish-commodity-state"), StoreNames.COMMODITY_STATE_PARTS)
                .to(Topics.COMMODITY_STATE, topics.commodityState().produced());
        return inContext;
    }
}
