package io.supplyshock.metrics;

import io.supplyshock.topics.PublisherReport;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The parts of the topology that exist only to be measured. */
public final class MeteredTopology {

    private static final Logger LOG = LoggerFactory.getLogger(MeteredTopology.class);

    private MeteredTopology() {
    }

    /**
     * Counts facts per commodity in a small table of its own. The commodity state itself sits in a
     * versioned store, which interactive queries can read by key only, so it cannot say how many
     * commodities it holds.
     */
    public static <V> void countFactsPerCommodity(KStream<String, V> factsByCommodity) {
        factsByCommodity.groupByKey(Grouped.<String, V>as("group-facts-by-commodity").withKeySerde(Serdes.String()))
                .count(Named.as("count-facts-by-commodity"),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(StoreNames.FACTS_BY_COMMODITY)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(Serdes.Long()));
    }

    /** Turns the publishers' run reports into counters; a record that is not a report costs one warning line. */
    public static void meterPublisherReports(StreamsBuilder builder, Topics topics, PipelineMetrics metrics) {
        builder.stream(Topics.PUBLISHER_REPORTS, topics.publisherReports().consumed())
                .foreach((key, json) -> {
                    try {
                        metrics.publisherRun(PublisherReport.fromJson(json));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("ignored a record on {} that is not a publisher report: {}", Topics.PUBLISHER_REPORTS, e.getMessage());
                    }
                }, Named.as("meter-" + Topics.PUBLISHER_REPORTS));
    }
}
