package io.supplyshock.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.supplyshock.testing.Dashboard;
import io.supplyshock.testing.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned dashboard, datasource and scrape configuration, checked with Prometheus' own
 * promtool (Grafana cannot run here). That every metric the dashboard names is really exported is
 * checked against the running app in ObservabilityIT.
 */
class DashboardTest {

    private static final Path ROOT = Path.of(System.getProperty("supplyshock.project.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path tmp;

    @Test
    void everyPanelQueriesTheProvisionedDatasource() throws IOException {
        JsonNode datasource = YAML.readTree(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").get(0);
        String uid = datasource.path("uid").asText();
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        Dashboard dashboard = Dashboard.load(ROOT);
        assertThat(dashboard.panels()).hasSizeGreaterThanOrEqualTo(15).allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo(uid);
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).isNotBlank());
        });
        // The stages the issue names each have a panel.
        assertThat(dashboard.panels().stream().map(p -> p.path("title").asText()).toList())
                .contains("Records in by topic", "Consumer lag", "Dead letters by reason", "Alerts by severity",
                        "Event-to-alert latency", "Commodities held", "Exposure rows held", "Heap");
    }

    @Test
    void everyDashboardExpressionParsesAsPromQL() throws Exception {
        List<Dashboard.Query> queries = Dashboard.load(ROOT).queries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(20);
        Path rules = writeRules(queries);
        Result ok = run(RequiredTool.find("promtool", "prometheus").toString(), "check", "rules", rules.toString());
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("SUCCESS: " + queries.size() + " rules found");

        // The same check rejects a broken expression, so a passing run means something.
        Path broken = writeRules(List.of(new Dashboard.Query("broken", "sum by (topic) (rate(supplyshock_records_in_total[1m])")));
        Result bad = run(RequiredTool.find("promtool", "prometheus").toString(), "check", "rules", broken.toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("parse error");
    }

    @Test
    void metricNamesAreTakenFromExpressionsOnly() {
        assertThat(Dashboard.load(ROOT).metricNames())
                .contains("supplyshock_records_in_total", "supplyshock_event_to_alert_latency_seconds_bucket",
                        "kafka_consumer_fetch_manager_records_lag_max", "jvm_memory_used_bytes")
                .doesNotContain("sum", "by", "topic", "le", "rate", "histogram_quantile", "client_id", "area", "heap");
    }

    @Test
    void scrapeConfigIsValidForPrometheus() throws Exception {
        Result result = run(RequiredTool.find("promtool", "prometheus").toString(), "check", "config",
                ROOT.resolve("deploy/prometheus/prometheus.yml").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode job = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile()).path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
    }

    private Path writeRules(List<Dashboard.Query> queries) throws IOException {
        List<String> lines = new ArrayList<>(List.of("groups:", "  - name: dashboard", "    rules:"));
        for (int i = 0; i < queries.size(); i++) {
            lines.add("      - record: dashboard:panel_" + i);
            lines.add("        expr: " + YAML.writeValueAsString(queries.get(i).expr()).replaceFirst("^---\\s*", "").trim());
        }
        Path file = Files.createTempFile(tmp, "dashboard-rules", ".yml");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}
