package io.supplyshock.bench;

import com.sun.net.httpserver.HttpServer;
import io.supplyshock.stack.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The watch against a real HTTP server on 127.0.0.1 that answers the registry's two probe paths, at will slowly. */
class RegistryWatchTest {

    private static final Duration SLOW = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final AtomicLong delayMillis = new AtomicLong();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aSlowStreakIsCountedOnceAndDumpsTheRegistrysThreadsOnceAndAQuietRegistryLeavesNoTrace() throws Exception {
        // This JVM stands in for the registry's: jcmd attaches to it from a process of its own.
        RegistryWatch watch = new RegistryWatch(Readiness.registryProbe(base()), OptionalLong.of(ProcessHandle.current().pid()), dir,
                new PrintStream(printed, true, StandardCharsets.UTF_8), SLOW);
        watch.probeOnce();
        assertThat(watch.troubledProbes()).isZero();
        assertThat(watch.summary()).isEqualTo("answered all 1 probes within 300 ms");

        delayMillis.set(400);
        watch.probeOnce();
        watch.probeOnce();
        delayMillis.set(0);
        watch.probeOnce();
        assertThat(watch.troubledProbes()).isEqualTo(2);
        assertThat(watch.dumps()).as("one dump for the streak, not one per slow probe").hasSize(1);
        String dump = Files.readString(watch.dumps().getFirst());
        assertThat(dump).startsWith("registry probe: answered after ").contains("Full thread dump", "== jcmd " + ProcessHandle.current().pid() + " GC.heap_info ==");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("registry slow or silent: answered after", "its threads and heap: " + watch.dumps().getFirst());

        server.stop(0);
        watch.probeOnce();
        assertThat(watch.troubledProbes()).isEqualTo(3);
        assertThat(watch.dumps()).as("a second streak, a second dump").hasSize(2);
        assertThat(watch.summary()).startsWith("3 of 5 probes slow (over 300 ms) or failed, in 2 streak(s), the longest probe ")
                .contains("first: answered after ");
        watch.close();
    }

    @Test
    void withoutThePidOfTheRegistryTheWatchStillCountsButDumpsNothing() {
        delayMillis.set(400);
        RegistryWatch watch = new RegistryWatch(Readiness.registryProbe(base()), OptionalLong.empty(), dir,
                new PrintStream(printed, true, StandardCharsets.UTF_8), SLOW);
        watch.probeOnce();
        assertThat(watch.troubledProbes()).isEqualTo(1);
        assertThat(watch.dumps()).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("its threads and heap");
    }

    @Test
    void startedOnATimerItProbesUntilClosed() throws Exception {
        try (RegistryWatch watch = new RegistryWatch(Readiness.registryProbe(base()), OptionalLong.empty(), dir,
                new PrintStream(printed, true, StandardCharsets.UTF_8), SLOW).start(Duration.ofMillis(50))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (watch.probes() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(watch.probes()).as("probes the timer ran").isGreaterThanOrEqualTo(3);
            assertThat(watch.troubledProbes()).isZero();
            watch.close();
            long after = watch.probes();
            Thread.sleep(200);
            assertThat(watch.probes()).as("no probe after close").isEqualTo(after);
        }
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
