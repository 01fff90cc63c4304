package io.supplyshock.evaluation;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.supplyshock.SupplyShockTopology;
import io.supplyshock.config.AppConfig;
import io.supplyshock.metrics.PipelineMetrics;
import io.supplyshock.events.LineResult;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.internal.AlertLedgerEntry;
import io.supplyshock.schema.internal.SituationRef;
import io.supplyshock.schema.internal.StorylineSlice;
import io.supplyshock.topics.PlainAvroSerdes;
import io.supplyshock.topics.StoreNames;
import io.supplyshock.topics.Topics;
import io.supplyshock.testing.TestDrivers;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The production topology run in-process (Kafka Streams' TopologyTestDriver) with plain Avro serdes:
 * no broker and no registry, but the same stages, stores and decisions. Used by the evaluation, which
 * must judge exactly what the deployed app would alert.
 */
public final class OfflinePipeline implements AutoCloseable {

    private final Topics topics = new Topics(new PlainAvroSerdes());
    private final TestDrivers.Opened opened;
    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
    private final TestOutputTopic<String, Alert> alerts;

    public OfflinePipeline(AppConfig config, Instant wallClock) {
        PipelineMetrics metrics = new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        opened = TestDrivers.open(SupplyShockTopology.buildTopology(config, topics, metrics), wallClock);
        driver = opened.driver();
        for (String topic : List.of(Topics.POLICY_EVENTS, Topics.MARKET_EVENTS, Topics.DISRUPTION_EVENTS, Topics.COMMODITY_PROFILES)) {
            inputs.put(topic, driver.createInputTopic(topic, Serdes.String().serializer(), Serdes.ByteArray().serializer()));
        }
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(), topics.alerts().valueSerde().deserializer());
    }

    /** Curated or baseline commodity profiles, stamped at their as-of date as the profile publisher does. */
    public void pipeProfiles(List<CommoditySupplyProfile> profiles) {
        for (CommoditySupplyProfile p : profiles) {
            Instant at = p.getAsOf() == null ? Instant.EPOCH : p.getAsOf().atStartOfDay(ZoneOffset.UTC).toInstant();
            pipe(Topics.COMMODITY_PROFILES, p.getCommodity(), p, at);
        }
    }

    public void pipe(LineResult.Mapped m) {
        pipe(m.topic(), m.key(), m.value(), m.eventTime());
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> void pipe(String topic, String key, T value, Instant timestamp) {
        Serializer<T> serializer = (Serializer<T>) topics.all().stream().filter(t -> t.name().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no such topic " + topic)).valueSerde().serializer();
        inputs.get(topic).pipeInput(key, serializer.serialize(topic, value), timestamp);
    }

    /** Every alert emitted since the last call. */
    public List<Alert> drainAlerts() {
        return alerts.readValuesToList();
    }

    /**
     * The de-duplication ledger: situation key to what was alerted and which events reported it, from the ledger
     * store (situations without a storyline) and from the storyline slices, which keep their situations' ledgers.
     */
    public Map<String, AlertLedgerEntry> ledger() {
        Map<String, AlertLedgerEntry> out = new HashMap<>();
        KeyValueStore<String, AlertLedgerEntry> store = driver.getKeyValueStore(StoreNames.ALERT_LEDGER);
        try (KeyValueIterator<String, AlertLedgerEntry> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, AlertLedgerEntry> kv = it.next();
                out.put(kv.key, kv.value);
            }
        }
        KeyValueStore<String, StorylineSlice> slices = driver.getKeyValueStore(StoreNames.STORYLINE_SLICES);
        try (KeyValueIterator<String, StorylineSlice> it = slices.all()) {
            while (it.hasNext()) {
                for (SituationRef situation : it.next().value.getSituations()) {
                    if (situation.getLedger() != null) out.put(situation.getKey(), situation.getLedger());
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        opened.close();
    }
}
