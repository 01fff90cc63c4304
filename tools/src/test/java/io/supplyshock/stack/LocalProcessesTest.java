package io.supplyshock.stack;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalProcessesTest {

    @TempDir
    Path root;
    private StackLayout layout;
    private LocalProcesses processes;
    private Path registryJar;

    @BeforeEach
    void layout() throws Exception {
        layout = StackLayout.of(root.resolve("stack"));
        Path dist = Files.createDirectories(root.resolve("dist"));
        Files.writeString(dist.resolve("kafka.classpath"), "/m2/kafka.jar:/m2/kafka-clients.jar\n");
        registryJar = root.resolve("dist/apicurio-registry-3.3.3/quarkus-run.jar");
        Files.writeString(dist.resolve(StackArtifacts.REGISTRY_JAR), registryJar + "\n");
        processes = new LocalProcesses(layout, dist, Path.of("/src/scripts/stack"));
    }

    @Test
    void theBrokerRunsKafkaOnTheResolvedClassPathWithTheWrittenConfiguration() throws Exception {
        List<String> kafka = processes.kafka();
        assertThat(kafka).containsSequence("-cp", "/m2/kafka.jar:/m2/kafka-clients.jar", "kafka.Kafka", layout.serverProperties().toString())
                .contains("-Xmx1g", "-Djava.io.tmpdir=" + layout.tmpDir(), "-Dkafka.logs.dir=" + layout.logDir(),
                        "-Dlog4j2.configurationFile=/src/scripts/stack/log4j2-broker.properties")
                .endsWith(layout.serverProperties().toString());
        assertThat(processes.kafkaTool()).endsWith("-cp", "/m2/kafka.jar:/m2/kafka-clients.jar")
                .contains("-Dlog4j2.configurationFile=/src/scripts/stack/log4j2-tools.properties");
    }

    @Test
    void theRegistryBindsBothListenersToLoopbackAndKeepsItsDataInTheStackFolder() throws Exception {
        List<String> registry = processes.registry(18081, 19081);
        assertThat(registry).contains("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=18081",
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=19081",
                "-Dapicurio.datasource.url=jdbc:h2:file:" + layout.registryDir().resolve("db/registry"))
                .endsWith("-jar", registryJar.toString());
        assertThat(registry).filteredOn(a -> a.contains("dir=") || a.contains("location=") || a.contains("work-dir="))
                .allSatisfy(a -> assertThat(a).contains(layout.stackDir().toString()));
    }

    @Test
    void theArgumentFilesHoldOneArgumentPerLineForBashsMapfile() throws Exception {
        processes.writeArgumentFiles(18081, 19081);
        assertThat(Files.readAllLines(layout.runDir().resolve("kafka.args"))).isEqualTo(processes.kafka());
        assertThat(Files.readAllLines(layout.runDir().resolve("kafka-tool.args"))).isEqualTo(processes.kafkaTool());
        assertThat(Files.readAllLines(layout.runDir().resolve("registry.args"))).isEqualTo(processes.registry(18081, 19081));
        assertThat(layout.registryDir().resolve("db")).isDirectory();
        assertThat(layout.tmpDir()).isDirectory();
    }
}
