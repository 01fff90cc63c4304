package io.supplyshock.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.supplyshock.health.StreamHealth;
import io.supplyshock.query.AvroJson;
import io.supplyshock.query.HttpApi;
import io.supplyshock.query.StateQueries;
import io.supplyshock.schema.AlertType;
import io.supplyshock.schema.Severity;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static io.supplyshock.console.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's endpoints and static files on a real server over loopback. The streams instance is created but
 * never started: the feed is filled directly, and the reads routed to the stores answer 503 (not running), which
 * is enough to see the alert page fall back and the entity page refuse to guess.
 */
class ConsoleHttpTest {

    private static final String TOKEN = "console-test-token";
    /** Alert ids carry '/', '|', ':' and '#': the page URL-encodes them. */
    private static final String RE1 = "group:CN_REE/CN|licence|rare_earths|*|2025-10-09#1";
    private static final String RE2 = "group:CN_REE/CN|licence|rare_earths|*|2025-10-09#2";

    @TempDir
    Path dir;
    private KafkaStreams streams;
    private HttpApi api;
    private AlertFeed feed;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @BeforeEach
    void start() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).to("out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "console-http-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        streams = new KafkaStreams(builder.build(), props);
        api = new HttpApi("127.0.0.1", 0, new HttpApi.Security(TOKEN, null, null, null, null), new StateQueries(streams, new HostInfo("127.0.0.1", 0)),
                new StreamHealth(3, Duration.ofMinutes(5)), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        feed = new AlertFeed(100, 100);
        feed.add(alert(RE1, Severity.HIGH, AlertType.SHOCK, "rare_earths", "CN", "group:CN_REE", "2025-10-09"));
        feed.add(alert("cu#1", Severity.LOW, AlertType.SHOCK, "copper", "CL", "story:CL|copper", "2025-03-01"));
        feed.add(alert(RE2, Severity.CRITICAL, AlertType.ESCALATION, "rare_earths", "CN", "group:CN_REE", "2025-09-01"));
        ConsoleApi.register(api, feed, 10);
        api.start();
        base = "http://127.0.0.1:" + api.port();
    }

    @AfterEach
    void stop() {
        api.close();
        feed.close();
        streams.close(Duration.ofSeconds(5));
    }

    @Test
    void servesThePageAndItsFilesWithoutATokenUnderAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "script-src 'self'", "connect-src 'self'").doesNotContain("unsafe", "http:", "https:"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("id=\"token\"", "id=\"login\"", "id=\"login-error\"", "/console/console.js");

        assertThat(get("/console/console.js", null).headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/console/console.css", null).headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        HttpResponse<String> uplot = get("/webjars/uplot/1.6.30/dist/uPlot.esm.js", null);
        assertThat(uplot.statusCode()).as("the chart library ships in the jar").isEqualTo(200);
        assertThat(uplot.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(uplot.body()).contains("export");
        assertThat(get("/webjars/uplot/1.6.30/dist/uPlot.min.css", null).headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");

        assertThat(get("/console/missing.js", null).statusCode()).isEqualTo(404);
        assertThat(get("/console/%2e%2e/logback.xml", null).statusCode()).as("no way out of the console's folder").isEqualTo(404);
        assertThat(get("/logback.xml", null).statusCode()).isEqualTo(404);
        HttpResponse<String> unknownApi = get("/api/nothing-here", null);
        assertThat(unknownApi.statusCode()).isEqualTo(404);
        assertThat(json(unknownApi).path("error").asText()).contains("/api/nothing-here");
    }

    @Test
    void theApiNeedsTheToken() throws Exception {
        for (String path : new String[] {"/api/alerts", "/api/alerts/" + enc(RE1), "/api/storylines/x", "/api/entities/mp-materials/alerts"}) {
            HttpResponse<String> refused = get(path, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(json(refused).path("error").asText()).contains("Authorization: Bearer");
            assertThat(get(path, "wrong").statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/api/alerts")).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void theFeedListsNewestFirstWithFiltersAndCounts() throws Exception {
        JsonNode all = json(get("/api/alerts", TOKEN));
        assertThat(all.path("total").asInt()).isEqualTo(3);
        assertThat(all.path("latestSequence").asLong()).isEqualTo(3);
        assertThat(all.path("caughtUp").asBoolean()).as("the reader never ran").isFalse();
        assertThat(all.path("alerts")).extracting(a -> a.path("alertId").asText()).containsExactly(RE2, "cu#1", RE1);
        assertThat(all.path("alerts").get(0).path("sequence").asLong()).isEqualTo(3);
        assertThat(all.path("alerts").get(0).path("explanation").path("summary").asText()).isEqualTo("CN export licence on rare_earths");

        JsonNode rare = json(get("/api/alerts?commodity=rare_earths&limit=1", TOKEN));
        assertThat(rare.path("total").asInt()).isEqualTo(2);
        assertThat(rare.path("alerts")).extracting(a -> a.path("alertId").asText()).containsExactly(RE2);
        assertThat(json(get("/api/alerts?storyline=" + enc("story:CL|copper"), TOKEN)).path("total").asInt()).isEqualTo(1);

        HttpResponse<String> bad = get("/api/alerts?band=SEVERE", TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).contains("band 'SEVERE'");
        assertThat(get("/api/alerts?wait=31", TOKEN).statusCode()).isEqualTo(400);
        assertThat(get("/api/alerts?limit=abc", TOKEN).statusCode()).isEqualTo(400);

        long start = System.nanoTime();
        JsonNode none = json(get("/api/alerts?after=3&wait=1", TOKEN));
        assertThat(none.path("alerts")).isEmpty();
        assertThat(none.path("total").asInt()).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void anAlertComesWithItsEvidenceRelatedAlertsAndExposure() throws Exception {
        HttpResponse<String> response = get("/api/alerts/" + enc(RE1), TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode d = json(response);
        assertThat(d.path("alert").path("alertId").asText()).isEqualTo(RE1);
        assertThat(d.path("quote").asText()).isEqualTo("自12月1日起");
        assertThat(d.path("sourceSummary").asText()).isEqualTo("China requires an export licence");
        assertThat(d.path("inputs")).extracting(i -> i.path("name").asText()).containsExactly("stringency", "issuer_share", "buffer");
        JsonNode share = d.path("inputs").get(1);
        assertThat(share.path("factor").asDouble()).isEqualTo(0.92);
        assertThat(share.path("rule").asText()).isEqualTo("newest share valid on the event date");
        assertThat(share.path("provenance").toString()).isEqualTo("[{\"kind\":\"event\",\"eventId\":\"e47\"}]");
        assertThat(d.path("inputs").get(2).path("provenance").get(0).path("source").asText()).isEqualTo("USGS MCS 2025");
        assertThat(d.path("related")).extracting(r -> r.path("alertId").asText()).containsExactly(RE2);
        // The streams are not running: the profiles cannot be read, and the alert's own top entities stand in.
        assertThat(d.path("exposed").path("entities")).extracting(e -> e.path("entityName").asText()).containsExactly("MP Materials");
        assertThat(d.path("exposed").path("entities").get(0).has("entityId")).as("no id to link a bare name to").isFalse();
        assertThat(d.path("exposed").path("note").asText()).contains("streams state is CREATED");

        HttpResponse<String> missing = get("/api/alerts/" + enc("no|such#1"), TOKEN);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("error").asText()).contains("no alert 'no|such#1'");
    }

    @Test
    void aStorylineListsItsAlertsInEventTimeOrder() throws Exception {
        JsonNode d = json(get("/api/storylines/" + enc("group:CN_REE"), TOKEN));
        assertThat(d.path("alerts")).extracting(a -> a.path("alertId").asText()).containsExactly(RE2, RE1);
        assertThat(d.path("storyline").isNull()).as("its record was not read").isTrue();
        assertThat(get("/api/storylines/" + enc("group:NOTHING"), TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void anEntitysAlertsAreReadWhereItsExposureRowsLive() throws Exception {
        HttpResponse<String> notRunning = get("/api/entities/mp-materials/alerts", TOKEN);
        assertThat(notRunning.statusCode()).as("no instance owns the rows yet").isEqualTo(503);
        assertThat(notRunning.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(get("/api/entities/Not%20An%20Id/alerts", TOKEN).statusCode()).isEqualTo(400);
        assertThat(get("/api/entities/mp-materials", TOKEN).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) request.header("Authorization", "Bearer " + token);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return AvroJson.MAPPER.readTree(response.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
