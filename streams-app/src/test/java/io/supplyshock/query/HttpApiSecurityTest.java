package io.supplyshock.query;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.supplyshock.config.AppConfig;
import io.supplyshock.health.StreamHealth;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP endpoints' bearer token and TLS, on a real server over loopback. The streams instance is
 * created but never started, so queries answer 503 "not running": enough to tell an admitted request
 * from a refused one without a broker.
 */
class HttpApiSecurityTest {

    private static final String TOKEN = "s3cret-token-for-tests";

    @TempDir
    Path dir;
    private KafkaStreams streams;
    private HttpApi api;

    @BeforeEach
    void createStreams() {
        streams = neverStarted(dir, "http-security-test");
    }

    /** A streams instance that is created, never started: its queries answer "not running" without a broker. */
    static KafkaStreams neverStarted(Path dir, String applicationId) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.String())).to("out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        return new KafkaStreams(builder.build(), props);
    }

    @AfterEach
    void close() {
        if (api != null) api.close();
        streams.close(Duration.ofSeconds(5));
    }

    @Test
    void withATokenEverythingButHealthNeedsIt() throws Exception {
        start(new HttpApi.Security(TOKEN, null, null, null, null));
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + api.port();

        assertThat(get(client, base + "/health", null).statusCode()).as("probes need no token").isEqualTo(503);
        HttpResponse<String> refused = get(client, base + "/api/commodities/copper", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(refused.body()).contains("Authorization: Bearer").doesNotContain(TOKEN);
        assertThat(get(client, base + "/api/commodities/copper", "wrong").statusCode()).isEqualTo(401);
        assertThat(get(client, base + "/api/exposures/mp-materials", TOKEN.substring(0, 10)).statusCode()).isEqualTo(401);
        assertThat(get(client, base + "/metrics", null).statusCode()).isEqualTo(401);

        HttpResponse<String> admitted = get(client, base + "/api/commodities/copper", TOKEN);
        assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(503);
        assertThat(admitted.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(get(client, base + "/metrics", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenTheApiIsOpen() throws Exception {
        start(HttpApi.Security.OPEN);
        HttpResponse<String> r = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + api.port() + "/api/commodities/copper", null);
        assertThat(r.statusCode()).isEqualTo(503);
    }

    @Test
    void withAKeyStoreItServesHttpsOnly() throws Exception {
        Path keystore = dir.resolve("api.p12");
        keytool("-genkeypair", "-alias", "api", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        AppConfig config = AppConfig.of(Map.of(AppConfig.HTTP_TLS_KEYSTORE.key(), keystore.toString(),
                AppConfig.HTTP_TLS_KEYSTORE_PASSWORD.key(), "changeit", AppConfig.HTTP_AUTH_TOKEN.key(), TOKEN));
        HttpApi.Security security = HttpApi.Security.from(config);
        assertThat(security.toString()).doesNotContain(TOKEN).doesNotContain("changeit");
        start(security);

        HttpClient trusting = HttpClient.newBuilder().sslContext(HttpApi.Security.context(keystore, "changeit".toCharArray(), false)).build();
        HttpResponse<String> health = get(trusting, "https://127.0.0.1:" + api.port() + "/health", null);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"state\" : \"CREATED\"");
        assertThat(get(trusting, "https://127.0.0.1:" + api.port() + "/api/commodities/copper", null).statusCode()).isEqualTo(401);

        assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "https://127.0.0.1:" + api.port() + "/health", null))
                .as("a client that does not trust the certificate").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "http://127.0.0.1:" + api.port() + "/health", null))
                .as("plain HTTP to the TLS port").isInstanceOf(IOException.class);
    }

    private void start(HttpApi.Security security) throws IOException {
        api = new HttpApi("127.0.0.1", 0, security, new StateQueries(streams, new HostInfo("127.0.0.1", 0)),
                new StreamHealth(3, Duration.ofMinutes(5)), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        api.start();
    }

    private static HttpResponse<String> get(HttpClient client, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void keytool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
