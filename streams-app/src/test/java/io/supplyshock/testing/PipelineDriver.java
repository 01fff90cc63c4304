package io.supplyshock.testing;

import io.supplyshock.topics.PublisherReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.supplyshock.SupplyShockTopology;
import io.supplyshock.config.AppConfig;
import io.supplyshock.topics.SituationKey;
import io.supplyshock.metrics.PipelineMetrics;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.schema.Storyline;
import io.supplyshock.topics.PlainAvroSerdes;
import io.supplyshock.state.CommodityStateStore;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The whole topology in a TopologyTestDriver, with helpers to pipe reference records and read every output. */
public final class PipelineDriver implements AutoCloseable {

    public final Topics topics = new Topics(new PlainAvroSerdes());
    public final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public final TopologyTestDriver driver;
    private final TestDrivers.Opened opened;
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, Storyline> storylines;
    private final TestOutputTopic<String, ExposureRow> exposures;
    private final TestOutputTopic<String, DeadLetter> deadLetters;
    private final TestOutputTopic<String, CommodityState> states;

    public PipelineDriver() {
        this(AppConfig.of(Map.of()));
    }

    public PipelineDriver(AppConfig config) {
        this(config, Instant.now());
    }

    /** @param wallClock the driver's initial wall-clock time, which wall-clock punctuation follows */
    public PipelineDriver(AppConfig config, Instant wallClock) {
        opened = TestDrivers.open(SupplyShockTopology.buildTopology(config, topics, new PipelineMetrics(meters)), wallClock);
        driver = opened.driver();
        for (String topic : List.of(Topics.POLICY_EVENTS, Topics.MARKET_EVENTS, Topics.DISRUPTION_EVENTS,
                Topics.COMMODITY_PROFILES, Topics.EXPOSURE_PROFILES)) {
            inputs.put(topic, driver.createInputTopic(topic, Serdes.String().serializer(), Serdes.ByteArray().serializer()));
        }
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(), topics.alerts().valueSerde().deserializer());
        storylines = driver.createOutputTopic(Topics.STORYLINES, Serdes.String().deserializer(), topics.storylines().valueSerde().deserializer());
        exposures = driver.createOutputTopic(Topics.EXPOSURES, Serdes.String().deserializer(), topics.exposures().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.String().deserializer(), topics.deadLetters().valueSerde().deserializer());
        states = driver.createOutputTopic(Topics.COMMODITY_STATE, Serdes.String().deserializer(), topics.commodityState().valueSerde().deserializer());
    }

    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> void pipe(String topic, String key, T value, Instant timestamp) {
        Serializer<T> serializer = (Serializer<T>) topics.all().stream().filter(t -> t.name().equals(topic)).findFirst()
                .orElseThrow().valueSerde().serializer();
        inputs.get(topic).pipeInput(key, serializer.serialize(topic, value), timestamp);
    }

    public void pipeRaw(String topic, String key, byte[] value, Instant timestamp) {
        inputs.get(topic).pipeInput(key, value, timestamp);
    }

    public void pipe(AvroFixtures.SeedEvent m) {
        pipe(m.topic(), m.key(), m.value(), m.eventTime());
    }

    /** The shipped world-supply baseline, each profile stamped at its as-of date as the profile publisher does. */
    public void pipeBaseline() {
        for (var p : Baseline.profiles()) {
            pipe(Topics.COMMODITY_PROFILES, p.getCommodity(), p, p.getAsOf().atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        }
    }

    public void pipeProfile(ExposureProfile profile) {
        pipe(Topics.EXPOSURE_PROFILES, profile.getProfileId(), profile, Instant.parse("2020-01-01T00:00:00Z"));
    }

    public List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    /** Alerts of policy and disruption situations only, without market signals and deadline milestones. */
    public List<Alert> shockAlerts() {
        return alerts().stream().filter(PipelineDriver::isShockSituation).toList();
    }

    public static boolean isShockSituation(Alert a) {
        return SituationKey.kindOf(a.getDedupKey()) == SituationKey.Kind.SHOCK;
    }

    /** The newest record of each storyline published since the last call, as the compacted topic keeps it. */
    public Map<String, Storyline> storylines() {
        Map<String, Storyline> latest = new LinkedHashMap<>();
        storylines.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }

    /** Latest row per key, as a compacted topic would keep it. */
    public Map<String, ExposureRow> exposures() {
        Map<String, ExposureRow> latest = new LinkedHashMap<>();
        exposures.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    /** The states published since the last call: the publication interval (1 s by default) passes first. */
    public List<CommodityState> states() {
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        return new ArrayList<>(states.readValuesToList());
    }

    public CommodityState latestState(String commodity) {
        return stateStore().latest(commodity);
    }

    public CommodityState stateAsOf(String commodity, Instant time) {
        return stateStore().asOf(commodity, time.toEpochMilli());
    }

    private CommodityStateStore stateStore() {
        return new CommodityStateStore(driver.getKeyValueStore(StoreNames.COMMODITY_STATE_PARTS),
                driver.getKeyValueStore(StoreNames.COMMODITY_STATE_HISTORY));
    }

    public KeyValueStore<String, ExposureRow> exposureRowStore() {
        return driver.getKeyValueStore(StoreNames.EXPOSURE_ROWS);
    }

    @Override
    public void close() {
        opened.close();
    }
}
