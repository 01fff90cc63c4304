package io.supplyshock.testing;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Properties;

/**
 * TopologyTestDrivers with a state directory of their own, so that drivers of one test run never share stores.
 * The offline evaluation (harness) opens its replay with it too.
 */
public final class TestDrivers {

    public record Opened(TopologyTestDriver driver, Path stateDir) implements AutoCloseable {
        @Override
        public void close() {
            driver.close();
            try (var files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory; nothing in it is kept
            }
        }
    }

    private TestDrivers() {
    }

    public static Opened open(Topology topology, Instant wallClock) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("supplyshock-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "supplyshock-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new Opened(new TopologyTestDriver(topology, props, wallClock), stateDir);
    }
}
