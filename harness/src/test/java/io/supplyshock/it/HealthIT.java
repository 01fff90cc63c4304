package io.supplyshock.it;

import io.supplyshock.StreamsApp;
import io.supplyshock.TopicAdmin;
import io.supplyshock.config.AppConfig;
import io.supplyshock.testing.PrometheusText;
import io.supplyshock.testing.AppHttp;
import io.supplyshock.testing.Await;
import io.supplyshock.testing.RealStack;
import io.supplyshock.testing.RealStackExtension;
import io.supplyshock.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /health tells the truth on the real stack: when an input topic is deleted under the running app, every
 * replacement stream thread fails again; the state can stay RUNNING, but after three failures /health
 * answers 503 with the reason (after two failures here; three by default) and the failure metrics say so.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private AppConfig config;
    private StreamsApp app;

    @BeforeAll
    void start(RealStack stack) throws Exception {
        Path work = Files.createTempDirectory("supplyshock-health-it");
        config = stack.appConfig("supplyshock-health-it", work)
                .with(AppConfig.HEALTH_FAILURES_MAX.key(), "2")
                // Each replacement thread fails at its next rebalance, which waits for the failed thread's member to time
                // out of the group: 45 s apart with Kafka's default session, about 10 s with this one.
                .with("kafka.session.timeout.ms", "10000")
                .with(AppConfig.HEALTH_FAILURES_WINDOW_SECONDS.key(), "300");
        assertThat(TopicAdmin.createTopics(config, System.out)).isZero();
        app = new StreamsApp(config).start();
    }

    @AfterAll
    void stop() {
        if (app != null) app.close();
    }

    @Test
    void aStreamThreadFailingInALoopTurnsHealthTo503WithTheReason() throws Exception {
        await(() -> get("/health").statusCode() == 200 ? true : null, "a healthy app");

        try (Admin admin = Admin.create(config.clientConfig())) {
            admin.deleteTopics(List.of(Topics.POLICY_EVENTS)).all().get();
        }

        HttpResponse<String> unhealthy = await(() -> {
            HttpResponse<String> r = get("/health");
            return r.statusCode() == 503 && r.body().contains("stream-thread failures") ? r : null;
        }, "/health answering 503 for thread failures");
        assertThat(unhealthy.body()).contains("\"reason\"", "2 stream-thread failures in the last 300 s");

        PrometheusText metrics = PrometheusText.parse(get("/metrics").body());
        assertThat(metrics.sum("supplyshock_stream_thread_failures_total")).isGreaterThanOrEqualTo(2.0);
        assertThat(metrics.sum("supplyshock_healthy")).isZero();
    }

    private HttpResponse<String> get(String path) {
        return AppHttp.get(app.httpPort(), path);
    }

    private <T> T await(Supplier<T> probe, String what) throws InterruptedException {
        return Await.until(WAIT, Duration.ofMillis(500), what, probe);
    }
}
