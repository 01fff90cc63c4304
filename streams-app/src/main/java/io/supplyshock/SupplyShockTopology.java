package io.supplyshock;

import io.supplyshock.alerting.AlertTopology;
import io.supplyshock.alerting.StorylineTopology;
import io.supplyshock.config.AppConfig;
import io.supplyshock.exposure.ExposureTopology;
import io.supplyshock.ingest.IngestTopology;
import io.supplyshock.metrics.MeteredTopology;
import io.supplyshock.metrics.PipelineMetrics;
import io.supplyshock.schema.Severity;
import io.supplyshock.scoring.ShockScoringTopology;
import io.supplyshock.signals.SignalSettings;
import io.supplyshock.signals.SignalTopology;
import io.supplyshock.state.CommodityStateTopology;
import io.supplyshock.state.FactInContext;
import io.supplyshock.topics.Shock;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/** Wires the stages (ingest, state, scoring and signals, exposure, alerting, storylines) into one topology. A pure function of its arguments: no I/O happens here. */
public final class SupplyShockTopology {

    /**
     * The one optimization the topology is built with: a table read from a topic keeps that topic as its changelog
     * (the exposure rows store reads supply.exposures back), so no row is written twice.
     */
    public static final String OPTIMIZATION = StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS;

    private SupplyShockTopology() {
    }

    public static Topology buildTopology(AppConfig config, Topics topics, PipelineMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        IngestTopology.Ingested ingested = IngestTopology.build(builder, topics, metrics);
        KStream<String, FactInContext> inContext = CommodityStateTopology.build(builder, topics, ingested.facts(),
                Duration.ofDays(config.getInt(AppConfig.HISTORY_RETENTION_DAYS)), Duration.ofMillis(config.getInt(AppConfig.STATE_PUBLISH_INTERVAL_MS)));
        SignalSettings signalSettings = SignalSettings.from(config);
        KStream<String, Shock> shocks = ShockScoringTopology.build(builder, topics, inContext, config.getDouble(AppConfig.CONCENTRATION_CAP_PCT));
        KStream<String, Shock> signals = SignalTopology.build(builder, topics, inContext, signalSettings, metrics::lateForSignals);
        int topAffected = config.getInt(AppConfig.ALERT_AFFECTED_TOP_N);
        ExposureTopology.Built exposure = ExposureTopology.build(builder, topics, ingested.exposureProfileChanges(), shocks, topAffected);
        KStream<String, Shock> signalsReaching = ExposureTopology.withAffectedEntities(topics, signals, topAffected);
        AlertTopology.build(builder, topics,
                exposure.reachingShocks().merge(signalsReaching, Named.as("shocks-and-signals")), minSeverity(config), metrics::alertEmitted);
        StorylineTopology.build(builder, topics);
        MeteredTopology.meterPublisherReports(builder, topics, metrics);
        Properties shape = new Properties();
        shape.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, OPTIMIZATION);
        return builder.build(shape);
    }

    static Severity minSeverity(AppConfig config) {
        String raw = config.get(AppConfig.ALERT_MIN_SEVERITY).trim().toUpperCase(Locale.ROOT);
        try {
            return Severity.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(AppConfig.ALERT_MIN_SEVERITY.key() + " must be one of INFO, LOW, MEDIUM, HIGH, CRITICAL; got '" + raw + "'");
        }
    }
}
