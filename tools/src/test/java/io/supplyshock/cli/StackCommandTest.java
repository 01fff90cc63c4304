package io.supplyshock.cli;

import io.supplyshock.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hidden {@code stack} commands as scripts/stack.sh calls them. */
class StackCommandTest {

    @TempDir
    Path stack;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("stack"));
        all.addAll(List.of(args));
        return Cli.execute(all.toArray(String[]::new), () -> AppConfig.of(Map.of()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prepareWritesThePlainBrokersConfigurationForTheGivenPorts() throws Exception {
        assertThat(run("prepare", "--stack-dir", stack.toString(), "--kafka-port", "19092", "--controller-port", "19093",
                "--partitions", "4")).isZero();
        assertThat(Files.readString(stack.resolve("kafka/server.properties")))
                .contains("listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093\n").contains("num.partitions=4\n");
        assertThat(stack.resolve("secure")).doesNotExist();
        assertThat(stderr()).isEmpty();
    }

    @Test
    void aBadSettingIsOneLineNamingTheVariable() {
        assertThat(run("prepare", "--stack-dir", stack.toString(), "--kafka-port", "70000", "--controller-port", "19093")).isEqualTo(Cli.FAILURE);
        assertThat(stderr()).isEqualTo("[supplyshock] ERROR: SUPPLYSHOCK_KAFKA_PORT=70000 is not a valid TCP port\n");
        err.reset();
        assertThat(run("prepare", "--stack-dir", stack.toString(), "--kafka-port", "19092", "--controller-port", "19093",
                "--partitions", "0")).isEqualTo(Cli.FAILURE);
        assertThat(stderr()).isEqualTo("[supplyshock] ERROR: SUPPLYSHOCK_KAFKA_PARTITIONS=0 must be a positive integer\n");
    }

    @Test
    void aTakenPortStopsTheStartBeforeAnythingIsWritten() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(run("prepare", "--stack-dir", stack.toString(), "--kafka-port", String.valueOf(taken.getLocalPort()),
                    "--controller-port", "19093", "--free", "kafka")).isEqualTo(Cli.FAILURE);
        }
        assertThat(stderr()).contains("is already in use").contains("SUPPLYSHOCK_KAFKA_PORT=<port>");
        assertThat(stack.resolve("kafka")).doesNotExist();
    }

    @Test
    void aFolderHoldingAPlaintextBrokersDataIsNotMadeSecure() throws Exception {
        Files.createDirectories(stack.resolve("kafka/data"));
        Files.writeString(stack.resolve("kafka/data/meta.properties"), "cluster.id=x\n");
        assertThat(run("prepare", "--stack-dir", stack.toString(), "--kafka-port", "19092", "--controller-port", "19093", "--secure"))
                .isEqualTo(Cli.FAILURE);
        assertThat(stderr()).isEqualTo("[supplyshock] ERROR: " + stack + " already holds a plaintext broker's data; "
                + "run 'scripts/stack.sh reset' before 'start --secure'\n");
        assertThat(stack.resolve("secure")).doesNotExist();
    }

    @Test
    void awaitGivesUpOnAClosedPortWithinItsTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        assertThat(run("await", "--stack-dir", stack.toString(), "--bootstrap", "127.0.0.1:" + port, "--timeout", "1")).isEqualTo(Cli.FAILURE);
        assertThat(stderr()).endsWith("[supplyshock] ERROR: Kafka at 127.0.0.1:" + port + " not ready after 1 s: cannot connect to 127.0.0.1:"
                + port + " (ConnectException: Connection refused)\n");
    }
}
