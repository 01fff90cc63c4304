package io.supplyshock.stack;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadinessTest {

    private final List<String> log = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) server.stop(0);
    }

    /** A port nothing listens on: bound once to learn a free number, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aBrokerOnAClosedPortFailsWithinTheTimeoutSayingWhyAndReportingProgressOnTheWay() throws Exception {
        int port = closedPort();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Readiness.broker("127.0.0.1:" + port, Map.of(), Duration.ofSeconds(6), null, log::add))
                .isInstanceOf(StackException.class)
                .hasMessage("Kafka at 127.0.0.1:" + port + " not ready after 6 s: cannot connect to 127.0.0.1:" + port
                        + " (ConnectException: Connection refused)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(5500), Duration.ofSeconds(9));
        assertThat(log).containsExactly("  ... waiting for Kafka at 127.0.0.1:" + port + " (5s)");
    }

    @Test
    void aRegistryOnAClosedPortFailsWithinTheTimeoutNamingTheEndpoint() throws Exception {
        int port = closedPort();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Readiness.registry(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2), null, log::add))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("Apicurio Registry at http://127.0.0.1:" + port + " not ready after 2 s: http://127.0.0.1:" + port
                        + "/apis/registry/v3/system/info: ConnectException");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
    }

    @Test
    void aRegistryIsReadyOnlyWhenBothApisAnswer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/apis/registry/v3/system/info", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        assertThatThrownBy(() -> Readiness.registry(base, Duration.ofSeconds(2), null, log::add))
                .hasMessageEndingWith(base + "/apis/ccompat/v7/subjects answered HTTP 404");

        server.createContext("/apis/ccompat/v7/subjects", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        assertThat(Readiness.registry(base, Duration.ofSeconds(5), null, log::add)).isLessThan(Duration.ofSeconds(5));
        assertThat(log).contains("Apicurio Registry at " + base + " is ready (0s)");
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsGivenUpOnAtTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI base = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            long start = System.nanoTime();
            assertThatThrownBy(() -> Readiness.registry(base, Duration.ofSeconds(2), null, log::add))
                    .hasMessageContaining("not ready after 2 s").hasMessageContaining("HttpTimeoutException");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void theWaitEndsAtOnceWhenTheServersProcessHasExited() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        assertThat(exited.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Readiness.broker("127.0.0.1:" + closedPort(), Map.of(), Duration.ofSeconds(60), exited.toHandle(), log::add))
                .hasMessageEndingWith("(pid " + exited.pid() + ") exited during startup");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
