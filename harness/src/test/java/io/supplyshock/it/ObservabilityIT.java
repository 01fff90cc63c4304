package io.supplyshock.it;

import io.supplyshock.cli.Cli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.supplyshock.StreamsApp;
import io.supplyshock.config.AppConfig;
import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.schema.Alert;
import io.supplyshock.schema.CommodityState;
import io.supplyshock.schema.ExposureRow;
import io.supplyshock.testing.Dashboard;
import io.supplyshock.testing.PrometheusText;
import io.supplyshock.testing.RealStack;
import io.supplyshock.testing.RealStackExtension;
import io.supplyshock.testing.ReferenceData;
import io.supplyshock.testing.RequiredTool;
import io.supplyshock.tools.ProcessingProgress;
import io.supplyshock.tools.TopicReader;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observability on the real stack: the reference data goes through the command-line publishers and
 * the running app; its /metrics is checked against the topics, the dashboard against the scrape,
 * and a real Prometheus scrapes the app. The alerts are read back with scripts/tail-alerts.sh.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealStack stack;
    private AppConfig config;
    private StreamsApp app;
    private Path work;
    private int profileCount;
    private int baselineCount;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startPipeline(RealStack stack) throws Exception {
        this.stack = stack;
        work = Files.createTempDirectory("supplyshock-obs-it");
        // Deadlines on event time only: no milestone may fire on the wall clock while metrics are compared with topics.
        config = stack.appConfig("supplyshock-obs-it", work).with(AppConfig.SIGNAL_CLOCK.key(), "event-time");
        profileCount = (int) RealStack.createTopicsAndPublishSeedProfiles(config, work);
        baselineCount = io.supplyshock.profiles.WorldBaselineFile.bundled().size();

        app = new StreamsApp(config).start();
        // Through the command line, as an operator runs it: that path also reports the run's line counts.
        assertThat(Cli.run("publish", new String[]{ReferenceData.seedEventsFile().toString()}, config, System.out, System.err)).isZero();
        Path bad = work.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\": \"x1\", \"kind\": \"policy\"\n\n");
        assertThat(Cli.run("publish", new String[]{bad.toString()}, config, System.out, System.err)).isZero();
        assertThat(ProcessingProgress.waitUntilProcessed(config, WAIT, new PrintStream(System.out))).isZero();
    }

    @AfterAll
    void stopPipeline() {
        if (app != null) app.close();
    }

    @Test
    void recordsInMatchThePublishedLinesAndNothingIsDeadLettered() {
        PrometheusText scrape = await(() -> {
            PrometheusText s = scrape();
            return s.sum("supplyshock_records_in_total") >= 183 + profileCount + baselineCount ? s : null;
        }, "183 seed records, " + profileCount + " exposure profiles and " + baselineCount + " baseline profiles counted in");
        assertThat(scrape.sumBy("supplyshock_records_in_total", "topic")).containsExactlyInAnyOrderEntriesOf(Map.of(
                Topics.POLICY_EVENTS, 73.0, Topics.MARKET_EVENTS, 104.0, Topics.DISRUPTION_EVENTS, 6.0,
                Topics.EXPOSURE_PROFILES, (double) profileCount, Topics.COMMODITY_PROFILES, (double) baselineCount));
        assertThat(scrape.sum("supplyshock_records_in_total", Map.of("topic", Topics.POLICY_EVENTS, "type", "EXPORT_LICENCE"))).isEqualTo(4.0);
        assertThat(scrape.sum("supplyshock_dead_letters_total")).isZero();
    }

    @Test
    void alertCountersAndLatencyMatchTheAlertTopic() {
        List<Alert> alerts = TopicReader.<Alert>readAll(config, Topics.ALERTS, Duration.ofSeconds(20)).stream().map(ConsumerRecord::value).toList();
        assertThat(alerts).isNotEmpty();
        PrometheusText scrape = scrape();
        Map<String, Double> expected = alerts.stream().collect(Collectors.groupingBy(a -> a.getSeverity().name(), Collectors.summingDouble(a -> 1.0)));
        Map<String, Double> bySeverity = scrape.sumBy("supplyshock_alerts_total", "severity");
        // Both ways: a severity in the topic with no counter fails, as does a counter for none in the topic.
        assertThat(bySeverity.entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(scrape.sum("supplyshock_event_to_alert_latency_seconds_count")).isEqualTo(alerts.size());
        assertThat(scrape.sum("supplyshock_event_to_alert_latency_seconds_bucket", Map.of("le", "+Inf"))).isEqualTo(alerts.size());
    }

    @Test
    void stateGaugesEqualWhatTheOutputTopicsHold() throws Exception {
        Set<String> commodities = new HashSet<>();
        TopicReader.<CommodityState>readAll(config, Topics.COMMODITY_STATE, Duration.ofSeconds(20)).forEach(r -> commodities.add(r.key()));
        Set<String> rows = new HashSet<>();
        TopicReader.<ExposureRow>readAll(config, Topics.EXPOSURES, Duration.ofSeconds(20)).forEach(r -> rows.add(r.key()));
        PrometheusText scrape = scrape();
        assertThat(scrape.sum("supplyshock_commodities")).isEqualTo(commodities.size()).isGreaterThan(40);
        assertThat(scrape.sum("supplyshock_exposure_rows")).isEqualTo(rows.size()).isEqualTo(profileCount);
        JsonNode mp = JSON.readTree(get("http://127.0.0.1:" + app.httpPort() + "/api/exposures/mp-materials").body());
        assertThat(rows.stream().filter(k -> k.startsWith("mp-materials|")).count()).isEqualTo(mp.get("rows").size());
    }

    @Test
    void publisherRunsAreMeteredByTheApp() {
        PrometheusText scrape = await(() -> {
            PrometheusText s = scrape();
            return s.sum("supplyshock_publisher_runs_total", Map.of("publisher", "events")) >= 2 ? s : null;
        }, "two publisher runs metered");
        assertThat(scrape.sumBy("supplyshock_publisher_lines_total", "outcome"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("accepted", 183.0, "rejected", 1.0, "blank", 1.0));
    }

    @Test
    void everyMetricTheDashboardNamesIsExported() {
        Set<String> exported = scrape().names();
        Set<String> named = Dashboard.load(stack.projectRoot()).metricNames();
        assertThat(named).hasSizeGreaterThan(10);
        assertThat(exported).containsAll(named);
    }

    @Test
    void realPrometheusScrapesTheAppAndRunsEveryDashboardQuery() throws Exception {
        int port = RealStack.freePorts(1).get(0);
        Path dir = Files.createDirectories(work.resolve("prometheus"));
        Path configFile = dir.resolve("prometheus.yml");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode scrapeConfig = (ObjectNode) yaml.readTree(stack.projectRoot().resolve("deploy/prometheus/prometheus.yml").toFile());
        // The repo's configuration, pointed at this test's app and scraping fast so the test stays short.
        ((ObjectNode) scrapeConfig.get("global")).put("scrape_interval", "1s").put("scrape_timeout", "1s");
        ObjectNode staticConfig = (ObjectNode) scrapeConfig.get("scrape_configs").get(0).get("static_configs").get(0);
        ((ArrayNode) staticConfig.putArray("targets")).add("127.0.0.1:" + app.httpPort());
        yaml.writeValue(configFile.toFile(), scrapeConfig);

        Process prometheus = new ProcessBuilder(RequiredTool.find("prometheus", "prometheus").toString(),
                "--config.file=" + configFile, "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.path=" + dir.resolve("data"), "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        try {
            JsonNode target = await(() -> {
                JsonNode targets = getJson(base + "/api/v1/targets");
                JsonNode active = targets == null ? null : targets.path("data").path("activeTargets");
                return active != null && active.size() == 1 && active.get(0).path("health").asText().equals("up") ? active.get(0) : null;
            }, "Prometheus target up (log: " + dir.resolve("prometheus.log") + ")");
            assertThat(target.path("labels").path("job").asText()).isEqualTo("supplyshock");
            assertThat(target.path("scrapeUrl").asText()).isEqualTo("http://127.0.0.1:" + app.httpPort() + "/metrics");

            JsonNode policies = await(() -> nonEmpty(query(base, "sum(supplyshock_records_in_total{topic=\"supply.policy-events\"})")),
                    "records in queryable in Prometheus");
            assertThat(policies.get(0).path("value").get(1).asDouble()).isEqualTo(73.0);
            JsonNode rows = query(base, "sum(supplyshock_exposure_rows)").path("data").path("result");
            assertThat(rows.get(0).path("value").get(1).asDouble()).isEqualTo(profileCount);

            // Each panel's query, run by Prometheus itself: it parses, and once a few scrapes are in, it returns data.
            List<String> empty = new ArrayList<>();
            for (Dashboard.Query q : Dashboard.load(stack.projectRoot()).queries()) {
                JsonNode answer = query(base, q.expr());
                assertThat(answer.path("status").asText()).as(q.panel() + ": " + q.expr() + " -> " + answer).isEqualTo("success");
                JsonNode result = awaitOrNull(() -> nonEmpty(query(base, q.expr())), Duration.ofSeconds(30));
                if (result == null) empty.add(q.panel() + ": " + q.expr());
            }
            assertThat(empty).as("dashboard queries without data").isEmpty();
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) prometheus.destroyForcibly().waitFor();
        }
    }

    @Test
    void tailAlertsPrintsTheSeedAlertsDecodedThroughTheRegistry() throws Exception {
        List<Alert> alerts = TopicReader.<Alert>readAll(config, Topics.ALERTS, Duration.ofSeconds(20)).stream().map(ConsumerRecord::value).toList();
        String json = tailAlerts("--json", "--from-beginning", "--max", String.valueOf(alerts.size()));
        List<JsonNode> printed = new ArrayList<>();
        for (String line : json.split("\n")) if (!line.isBlank()) printed.add(JSON.readTree(line));
        assertThat(printed.stream().map(a -> a.get("alertId").asText()))
                .containsExactlyInAnyOrderElementsOf(alerts.stream().map(Alert::getAlertId).toList());
        // The DRC's cobalt ban: one commodity, so one partition and a deterministic opening alert.
        JsonNode e97 = printed.stream().filter(a -> a.get("dedupKey").asText().startsWith("group:DRC_COBALT/CD|EXPORT|cobalt|*|2025-02-01")
                && containsText(a.path("explanation").path("sourceEventIds"), "e97")).findFirst().orElseThrow();
        assertThat(e97.get("commodity").asText()).isEqualTo("cobalt");
        // 0.95 (ban) x (0.35 + 0.65 x sqrt(0.759), the DRC's mine share in the baseline) x 0.987 (alternatives) = 86 CRITICAL
        assertThat(e97.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(e97.get("score").asInt()).isEqualTo(86);
        assertThat(e97.path("explanation").path("summary").asText()).contains("CD holds 75.9%");
        assertThat(e97.path("explanation").path("inputs").toString()).contains("USGS Mineral Commodity Summaries 2025");

        String readable = tailAlerts("--from-beginning", "--max", String.valueOf(alerts.size()));
        assertThat(readable).containsPattern("CRITICAL +86 +SHOCK +cobalt +CD EXPORT_BAN +event 2025-02-01")
                .contains("CD holds 75.9% of world mine supply (2024)");
        // The subjects the README gives Confluent-client consumers exist under the ccompat API.
        String subjects = get(stack.registryBase() + "/apis/ccompat/v7/subjects").body();
        assertThat(subjects).contains("\"supply.alerts-value\"").contains("\"supply.exposures-value\"");

        // Only new alerts by default: none arrive, so it stops on --idle-exit having printed nothing.
        assertThat(tailAlerts("--json", "--idle-exit", "3")).isBlank();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private String tailAlerts(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", stack.projectRoot().resolve("scripts/tail-alerts.sh").toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(work, "tail-alerts", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
        pb.environment().put("SUPPLYSHOCK_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        pb.environment().put("SUPPLYSHOCK_REGISTRY_URL", stack.registryUrl());
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tail-alerts " + String.join(" ", args) + " did not stop");
        }
        assertThat(process.exitValue()).as(Files.readString(err)).isZero();
        return out;
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode n : array) if (n.asText().equals(text)) return true;
        return false;
    }

    private PrometheusText scrape() {
        HttpResponse<String> response = get("http://127.0.0.1:" + app.httpPort() + "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return PrometheusText.parse(response.body());
    }

    private JsonNode query(String base, String promql) {
        return getJson(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private static JsonNode nonEmpty(JsonNode answer) {
        JsonNode result = answer == null ? null : answer.path("data").path("result");
        return result != null && result.size() > 0 ? result : null;
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        }
    }

    /** JSON of a GET, or null while the server is not up yet. Prometheus answers 400 with a JSON error for a bad query. */
    private JsonNode getJson(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            return null;
        }
    }

    private static <T> T await(Supplier<T> probe, String what) {
        T value = awaitOrNull(probe, WAIT);
        if (value == null) throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s");
        return value;
    }

    private static <T> T awaitOrNull(Supplier<T> probe, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null || System.nanoTime() > deadline) return value;
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
