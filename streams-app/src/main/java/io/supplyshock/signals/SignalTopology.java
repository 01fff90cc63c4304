package io.supplyshock.signals;

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

import java.util.function.Consumer;

/**
 * Stage 3b: market signals and deadlines, beside shock scoring. Both read the facts joined with their
 * commodity state; both emit scored signals, which merge with the shocks on their way to alerting.
 */
@StageApi
public final class SignalTopology {

    private SignalTopology() {
    }

    /** @param onLate called with the commodity of each market fact too late for the signal windows */
    public static KStream<String, Shock> build(StreamsBuilder builder, Topics topics, KStream<String, FactInContext> inContext,
                                                     SignalSettings settings, Consumer<String> onLate) {
        // The record cache merges the writes of one block within a commit: a commodity's consecutive points share one.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.MARKET_POINT_BLOCKS),
                Serdes.String(), topics.marketPointBlockSerde()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.MARKET_CLOCK),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DEADLINE_SCHEDULE),
                Serdes.String(), topics.deadlineMilestoneSerde()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DEADLINE_CLOCK),
                Serdes.String(), Serdes.Long()).withCachingEnabled());

        KStream<String, Shock> marketSignals = inContext.processValues(() -> new MarketSignalProcessor(settings, onLate),
                Named.as("detect-market-signals"), StoreNames.MARKET_POINT_BLOCKS, StoreNames.MARKET_CLOCK);
        KStream<String, Shock> deadlines = inContext.process(() -> new DeadlineScheduler(settings),
                Named.as("schedule-deadlines"), StoreNames.DEADLINE_SCHEDULE, StoreNames.DEADLINE_CLOCK,
                StoreNames.COMMODITY_STATE_PARTS, StoreNames.COMMODITY_STATE_HISTORY);
        return marketSignals.merge(deadlines, Named.as("signals"));
    }
}
