package io.supplyshock.metrics;

import io.supplyshock.topics.PublisherReport;
import io.supplyshock.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The parts of the topology that exist only to be measured. */
public final class MeteredTopology {

    private static final Logger LOG = LoggerFactory.getLogger(MeteredTopology.class);

    private MeteredTopology() {
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
