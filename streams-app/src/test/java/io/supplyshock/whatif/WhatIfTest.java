package io.supplyshock.whatif;

import io.supplyshock.config.AppConfig;
import io.supplyshock.events.UndatedPolicy;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.ExposureProfile;
import io.supplyshock.schema.Severity;
import io.supplyshock.testing.AvroFixtures;
import io.supplyshock.testing.Events;
import io.supplyshock.testing.PipelineDriver;
import io.supplyshock.testing.ReferenceData;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What-if scenarios against the stores of a TopologyTestDriver run of the real topology: the answer is what the
 * pipeline then does with the same event, and the stores hold exactly what they held before.
 */
class WhatIfTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    /** The DRC stops exporting cobalt: labelled HIGH to CRITICAL (harness seed labels). */
    private static final String BAN = "e97";

    private final WhatIf whatIf = new WhatIf(WhatIf.Settings.from(AppConfig.of(Map.of()), Severity.LOW));

    @Test
    void aHypotheticalBanIsScoredAndAlertedAsThePipelineThenDoesAndChangesNoStore() throws IOException {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.pipeBaseline();
            pipeline.pipeProfile(Events.profile("umicore", "Umicore", "cobalt", "CD", 0.8));
            pipeline.pipeProfile(Events.profile("tesla", "Tesla", "cobalt", null, 0.3));
            pipeline.pipeProfile(Events.profile("glencore", "Glencore", "cobalt", "ZM", 0.9));
            List<AvroFixtures.SeedEvent> seed = ReferenceData.seedEvents();
            int ban = seed.stream().map(AvroFixtures.SeedEvent::eventId).toList().indexOf(BAN);
            seed.subList(0, ban).forEach(pipeline::pipe);
            pipeline.alerts();
            Map<String, Map<String, String>> before = contents(pipeline.driver);

            WhatIf.Result predicted = run(pipeline, seedLine(BAN)).getFirst();

            assertThat(contents(pipeline.driver)).as("no store changes").isEqualTo(before);
            assertThat(predicted.eventId()).isEqualTo(BAN);
            assertThat(predicted.commodity()).isEqualTo("cobalt");
            assertThat(predicted.reason()).isEqualTo("new situation");
            assertThat(predicted.shocks()).hasSize(1);
            assertThat(predicted.reached().count()).as("Umicore buys from the DRC, Tesla from anywhere; Glencore's Zambian supply is not reached").isEqualTo(2);
            assertThat(predicted.reached().most()).extracting(ExposureProfile::getEntityId).containsExactly("umicore", "tesla");

            pipeline.pipe(seed.get(ban));
            List<Alert> raised = pipeline.alerts().stream().filter(a -> a.getCommodity().equals("cobalt")).toList();
            assertThat(raised).hasSize(1);
            Alert actual = raised.getFirst();
            Alert alert = predicted.alert();
            assertThat(actual.getSeverity()).isIn(Severity.HIGH, Severity.CRITICAL);
            assertThat(alert.getAlertId()).isEqualTo(actual.getAlertId());
            assertThat(alert.getAlertType()).isEqualTo(actual.getAlertType());
            assertThat(alert.getScore()).isEqualTo(actual.getScore());
            assertThat(alert.getSeverity()).isEqualTo(actual.getSeverity());
            assertThat(alert.getAffectedEntityCount()).isEqualTo(actual.getAffectedEntityCount()).isEqualTo(2);
            assertThat(alert.getExplanation()).isEqualTo(actual.getExplanation());
            assertThat(alert.getStorylineId()).isEqualTo(actual.getStorylineId());

            Map<String, Map<String, String>> after = contents(pipeline.driver);
            WhatIf.Result again = run(pipeline, seedLine(BAN)).getFirst();
            assertThat(again.alert()).isNull();
            assertThat(again.reason()).isEqualTo("report " + BAN + " already seen");
            assertThat(again.shocks().getFirst().shock().severity()).isEqualTo(actual.getSeverity());
            assertThat(contents(pipeline.driver)).isEqualTo(after);
        }
    }

    @Test
    void theEventsOfOneScenarioFoldInOrderOnAPrivateCopy() throws IOException {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.pipeBaseline();
            Map<String, Map<String, String>> before = contents(pipeline.driver);
            String ban = seedLine(BAN);
            String sameBanReportedAgain = ban.replace("\"id\": \"" + BAN + "\"", "\"id\": \"what-if-2\"");

            List<WhatIf.Result> results = run(pipeline, ban, sameBanReportedAgain);

            assertThat(results.get(0).alert()).isNotNull();
            assertThat(results.get(1).alert()).as("the second report meets the situation the first opened").isNull();
            assertThat(results.get(1).reason()).isEqualTo("repeat of " + results.get(0).alert().getAlertId());
            assertThat(contents(pipeline.driver)).isEqualTo(before);
            // Run alone, the second report would open the situation itself: the scenario's copy is gone.
            assertThat(run(pipeline, sameBanReportedAgain).getFirst().reason()).isEqualTo("new situation");
        }
    }

    @Test
    void anEventIngestWouldDeadLetterIsSaidSoAndMarketFactsSayWhatIsNotSimulated() {
        try (PipelineDriver pipeline = new PipelineDriver()) {
            pipeline.pipeBaseline();
            List<WhatIf.Result> results = run(pipeline,
                    "{\"id\":\"w1\",\"kind\":\"policy\",\"subtype\":\"export_ban\",\"issuer_country\":\"XX1\",\"commodity\":\"cobalt\",\"announced_date\":\"2026-01-10\"}",
                    "{\"id\":\"w2\",\"kind\":\"price\",\"commodity\":\"cobalt\",\"value\":30000,\"unit\":\"usd_per_tonne\",\"reported_date\":\"2026-01-12\"}");

            assertThat(results.get(0).alert()).isNull();
            assertThat(results.get(0).reason()).startsWith("ingest would dead-letter it: ").contains("XX1");
            assertThat(results.get(1).notes()).containsExactly(WhatIf.MARKET_NOTE);
            assertThat(results.get(1).alert()).isNull();
        }
    }

    private List<WhatIf.Result> run(PipelineDriver pipeline, String... lines) {
        WhatIfRequest.Parsed parsed = WhatIfRequest.parse(String.join("\n", lines).getBytes(StandardCharsets.UTF_8), UndatedPolicy.PUBLISH_TIME, NOW);
        assertThat(parsed).isInstanceOf(WhatIfRequest.Events.class);
        return whatIf.run(((WhatIfRequest.Events) parsed).mapped(), commodity -> stores(pipeline.driver), NOW);
    }

    private static WhatIf.Stores stores(TopologyTestDriver driver) {
        return new WhatIf.Stores() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
                return driver.getKeyValueStore(name);
            }
        };
    }

    /** Every store's entries as text (Avro records print every field), by store and key. */
    private static Map<String, Map<String, String>> contents(TopologyTestDriver driver) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (Map.Entry<String, StateStore> store : driver.getAllStateStores().entrySet()) {
            assertThat(store.getValue()).as(store.getKey()).isInstanceOf(KeyValueStore.class);
            Map<String, String> entries = new TreeMap<>();
            try (KeyValueIterator<?, ?> it = ((KeyValueStore<?, ?>) store.getValue()).all()) {
                while (it.hasNext()) {
                    KeyValue<?, ?> kv = it.next();
                    entries.put(text(kv.key), text(kv.value));
                }
            }
            all.put(store.getKey(), entries);
        }
        assertThat(all).isNotEmpty();
        return all;
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) return Arrays.toString(bytes);
        if (value instanceof org.apache.kafka.common.utils.Bytes bytes) return Arrays.toString(bytes.get());
        if (value instanceof org.apache.kafka.streams.state.ValueAndTimestamp<?> vt) return text(vt.value()) + "@" + vt.timestamp();
        return String.valueOf(value);
    }

    private static String seedLine(String id) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(ReferenceData.seedEventsFile(), StandardCharsets.UTF_8)) {
            if (line.contains("\"id\": \"" + id + "\"")) found.add(line);
        }
        assertThat(found).hasSize(1);
        return found.getFirst();
    }
}
