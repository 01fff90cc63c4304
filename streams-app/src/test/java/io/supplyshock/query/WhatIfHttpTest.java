package io.supplyshock.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.supplyshock.events.ReferenceLineMapper;
import io.supplyshock.events.Rejection;
import io.supplyshock.events.UndatedPolicy;
import io.supplyshock.health.StreamHealth;
import io.supplyshock.whatif.WhatIfRequest;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/what-if on a real server over loopback, for what is answered before any store is read: bad events with
 * the publisher's own messages, the size caps, and the one method allowed. The streams instance is never started.
 */
class WhatIfHttpTest {

    private static final String TOKEN = "what-if-token";

    @TempDir
    Path dir;
    private KafkaStreams streams;
    private HttpApi api;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        streams = HttpApiSecurityTest.neverStarted(dir, "what-if-http-test");
        api = new HttpApi("127.0.0.1", 0, new HttpApi.Security(TOKEN, null, null, null, null),
                new StateQueries(streams, new HostInfo("127.0.0.1", 0)), new StreamHealth(3, Duration.ofMinutes(5)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        api.start();
    }

    @AfterEach
    void close() {
        api.close();
        streams.close(Duration.ofSeconds(5));
    }

    @Test
    void badEventsGetThePublishersMessagesFieldByField() throws Exception {
        String bad = "{\"id\":\"w1\",\"kind\":\"policy\",\"commodity\":\"cobalt\",\"value\":\"abc\",\"announced_date\":\"2026-13-40\"}";
        HttpResponse<String> r = post("{\"events\":[{\"id\":\"ok\",\"kind\":\"policy\",\"commodity\":\"cobalt\",\"announced_date\":\"2026-01-10\"}," + bad + "]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = AvroJson.MAPPER.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("1 of 2 event(s) cannot be read (the publisher's checks)");
        JsonNode fields = body.path("fields");
        assertThat(fields).hasSize(2);
        assertThat(fields.get(0).path("line").asInt()).isEqualTo(2);
        assertThat(fields.get(0).path("field").asText()).isEqualTo("value");
        assertThat(fields.get(0).path("message").asText()).isEqualTo("value: 'abc' is not a number");
        assertThat(fields.get(1).path("field").asText()).isEqualTo("announced_date");

        Rejection publisher = (Rejection) new ReferenceLineMapper(UndatedPolicy.PUBLISH_TIME, Instant.now()).map(bad, 2);
        assertThat(fields.get(0).path("message").asText() + "; " + fields.get(1).path("message").asText()).isEqualTo(publisher.reason());
    }

    @Test
    void jsonLinesAndBrokenLinesAreReadAsThePublisherReadsThem() throws Exception {
        HttpResponse<String> r = post("{\"id\":\"a\",\"kind\":\"policy\",\"commodity\":\"cobalt\",\"announced_date\":\"2026-01\"}\n\n"
                + "{\"id\":\"a\",\"kind\":\"sanction\",\"commodity\":\"\"}\n{not json\n");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode fields = AvroJson.MAPPER.readTree(r.body()).path("fields");
        assertThat(fields).extracting(f -> f.path("line").asInt() + " " + f.path("field").asText(null))
                .containsExactly("3 id", "4 null");
        assertThat(fields.get(0).path("message").asText()).isEqualTo("duplicate id 'a' (first on line 1)");
        assertThat(fields.get(1).path("message").asText()).startsWith("invalid JSON at column");
    }

    @Test
    void aWellFormedScenarioWaitsForTheStreamsToRun() throws Exception {
        HttpResponse<String> r = post("[{\"id\":\"a\",\"kind\":\"policy\",\"subtype\":\"export_ban\",\"commodity\":\"cobalt\",\"announced_date\":\"2026-01\"}]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void bodyAndScenarioSizesAreCapped() throws Exception {
        HttpResponse<String> big = post("{\"events\":[{\"id\":\"a\",\"quote\":\"" + "x".repeat(WhatIfRequest.MAX_BODY_BYTES) + "\"}]}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(AvroJson.MAPPER.readTree(big.body()).path("error").asText()).contains("over 1048576 bytes");

        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= 100; i++) many.append(i == 0 ? "" : ",").append("{\"id\":\"e").append(i).append("\"}");
        HttpResponse<String> tooMany = post(many.append("]").toString());
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(AvroJson.MAPPER.readTree(tooMany.body()).path("error").asText()).isEqualTo("more than 100 events; a scenario holds at most 100");

        assertThat(post("{\"events\":{}}").statusCode()).isEqualTo(400);
        assertThat(post("  ").statusCode()).isEqualTo(400);
    }

    @Test
    void onlyPostIsAllowedOnWhatIfAndOnlyGetElsewhere() throws Exception {
        HttpResponse<String> get = client.send(request("/api/what-if").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> post = client.send(request("/api/commodities/cobalt").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");

        HttpResponse<String> noToken = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/what-if"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(request("/api/what-if").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN);
    }
}
