package io.supplyshock.alerting;

import io.supplyshock.topics.AlertPartitioning;
import io.supplyshock.topics.StageApi;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * Stage 6: storylines. A storyline can span commodities, hence partitions, so it is counted from {@code supply.alerts}
 * once the alerts are written: the alerts never wait for it. The alert stage writes each alert on its storyline's
 * partition ({@link AlertPartitioning}), so this stage reads the topic as it is, with no repartition topic between.
 * {@code supply.storylines} holds each storyline's alerts on every commodity; an alert's own
 * {@code storylineSequence} counts its commodity only.
 */
@StageApi
public final class StorylineTopology {

    private StorylineTopology() {
    }

    public static void build(StreamsBuilder builder, Topics topics) {
        // No record cache, as for the slices: a commit seldom counts one storyline twice.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.STORYLINE_TALLIES),
                Serdes.String(), topics.storylineTallySerde()));
        builder.stream(Topics.ALERTS, topics.alerts().consumed())
                .filter((commodity, alert) -> alert.getStorylineId() != null, Named.as("alerts-in-storylines"))
                .process(StorylineCounter::new, Named.as("count-storylines"), StoreNames.STORYLINE_TALLIES)
                .to(Topics.STORYLINES, topics.storylines().produced());
    }
}
