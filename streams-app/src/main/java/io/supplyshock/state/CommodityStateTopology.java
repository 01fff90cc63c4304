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

/** Stage 2: commodity state (supply shares, latest observations, measures), versioned by event time. */
@StageApi
public final class CommodityStateTopology {

    private CommodityStateTopology() {
    }

    public static KStream<String, FactInContext> build(StreamsBuilder builder, Topics topics, KStream<String, Fact> facts,
                                                       Duration historyRetention, Duration segmentInterval) {
        builder.addStateStore(Stores.versionedKeyValueStoreBuilder(
                Stores.persistentVersionedKeyValueStore(StoreNames.COMMODITY_STATE, historyRetention, segmentInterval),
                Serdes.String(), topics.commodityStateSerde()));
        KStream<String, FactInContext> inContext = facts.processValues(CommodityStateProcessor::new,
                Named.as("commodity-state"), StoreNames.COMMODITY_STATE);
        inContext.mapValues(FactInContext::latest, Named.as("latest-commodity-state"))
                .to(Topics.COMMODITY_STATE, topics.commodityState().produced());
        return inContext;
    }
}
