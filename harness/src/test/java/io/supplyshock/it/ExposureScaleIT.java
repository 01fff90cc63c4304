package io.supplyshock.it;

import io.supplyshock.cli.Cli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supplyshock.StreamsApp;
import io.supplyshock.TopicAdmin;
import io.supplyshock.config.AppConfig;
import io.supplyshock.profiles.ProfilePublisher;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.testing.Await;
import io.supplyshock.testing.RealStack;
import io.supplyshock.testing.RealStackExtension;
import io.supplyshock.tools.TopicReader;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enough exposure profiles on one commodity to cross the 1 MB the old per-commodity aggregate broke at
 * (RecordTooLargeException in the profiles-by-commodity repartition), on the real broker and registry:
 * every row is written, one shock updates every row it reaches, and the alert names the count and the top.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExposureScaleIT {

    /** About 110 bytes each in the old aggregate: 15,000 make some 1.6 MB. */
    private static final int PROFILES = 15_000;
    private static final Duration WAIT = Duration.ofSeconds(240);

    private AppConfig config;
    private StreamsApp app;
    private Path work;

    @BeforeAll
    void start(RealStack stack) throws Exception {
        work = Files.createTempDirectory("supplyshock-scale-it");
        config = stack.appConfig("supplyshock-scale-it", work);
        assertThat(TopicAdmin.createTopics(config, System.out)).isZero();
        Path profiles = work.resolve("profiles.csv");
        StringBuilder csv = new StringBuilder("entity_id,entity_name,entity_type,entity_country,commodity,country,weight,role,source\n");
        for (int i = 0; i < PROFILES; i++) {
            csv.append(String.format(Locale.ROOT, "maker-%05d,Maker %05d,company,DE,indium,,%.6f,consumer,scale test%n", i, i,
                    0.05 + 0.9 * i / PROFILES));
        }
        Files.writeString(profiles, csv);
        assertThat(Cli.run("publish-profiles", new String[]{profiles.toString()}, config, System.out, System.err)).isZero();
        app = new StreamsApp(config).start();
    }

    @AfterAll
    void stop() {
        if (app != null) app.close();
    }

    @Test
    void everyRowIsWrittenAndOneShockUpdatesThemAll() throws Exception {
        Map<String, ExposureRow> rows = await(() -> {
            Map<String, ExposureRow> latest = latestRows();
            return latest.size() == PROFILES ? latest : null;
        }, PROFILES + " exposure rows");
        assertThat(rows.values()).allSatisfy(r -> assertThat(r.getCommodityShockScore()).isZero());

        Path event = work.resolve("indium-ban.jsonl");
        Files.writeString(event, new ObjectMapper().writeValueAsString(Map.of("id", "scale-1", "kind", "policy",
                "subtype", "export_ban", "issuer_country", "CN", "commodity", "indium", "effective_date", "2026-03-01",
                "english", "China bans indium exports.")) + "\n");
        assertThat(Cli.run("publish", new String[]{event.toString()}, config, System.out, System.err)).isZero();

        Map<String, ExposureRow> hit = await(() -> {
            Map<String, ExposureRow> latest = latestRows();
            return latest.values().stream().allMatch(r -> r.getCommodityShockScore() > 0) ? latest : null;
        }, "every row updated by the shock");
        assertThat(hit).hasSize(PROFILES);
        int score = hit.values().iterator().next().getCommodityShockScore();
        assertThat(hit.values()).allSatisfy(r -> assertThat(r.getCommodityShockScore()).isEqualTo(score));

        Alert alert = await(() -> TopicReader.<Alert>readAll(config, Topics.ALERTS, Duration.ofSeconds(20)).stream()
                .map(ConsumerRecord::value).filter(a -> a.getCommodity().equals("indium")).findFirst().orElse(null), "the indium alert");
        assertThat(alert.getAffectedEntityCount()).isEqualTo(PROFILES);
        assertThat(alert.getAffectedEntities()).hasSize(10).first().isEqualTo(String.format(Locale.ROOT, "Maker %05d", PROFILES - 1));

        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + app.httpPort() + "/api/exposed/indium?offset=14990&limit=1000")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(page.body());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(body.get("total").asInt()).isEqualTo(PROFILES);
        assertThat(body.get("profiles")).hasSize(10);
    }

    private Map<String, ExposureRow> latestRows() {
        Map<String, ExposureRow> latest = new HashMap<>();
        for (ConsumerRecord<String, ExposureRow> r : TopicReader.<ExposureRow>readAll(config, Topics.EXPOSURES, Duration.ofSeconds(60))) {
            if (r.value() == null) latest.remove(r.key()); else latest.put(r.key(), r.value());
        }
        return latest;
    }

    private <T> T await(Supplier<T> probe, String what) throws InterruptedException {
        return Await.until(WAIT, Duration.ofMillis(1000), what, probe);
    }
}
