package io.supplyshock.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How {@code scripts/stack.sh} runs the local stack's JVMs: the arguments that follow the java launcher and the
 * process marker, one per line in {@code run/NAME.args}, for the script to launch, watch and stop. Every listener
 * binds 127.0.0.1, and every file a process writes stays in the stack folder.
 *
 * @param stackSource scripts/stack: the resolver pom and the log4j2 configurations of the broker and the Kafka tools
 */
public record LocalProcesses(StackLayout layout, Path distDir, Path stackSource) {

    private static final Duration FORMAT_TIME_LIMIT = Duration.ofMinutes(2);

    /** The broker. */
    public List<String> kafka() throws IOException {
        List<String> out = new ArrayList<>(kafkaRuntime());
        out.addAll(List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
                "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true", "-Djava.net.preferIPv4Stack=true",
                "-Djava.io.tmpdir=" + layout.tmpDir(), "-Dkafka.logs.dir=" + layout.logDir(),
                "-Dlog4j2.configurationFile=" + stackSource.resolve("log4j2-broker.properties"),
                "-cp", kafkaClasspath(), "kafka.Kafka", layout.serverProperties().toString()));
        return out;
    }

    /** A Kafka command-line tool, up to its main class: short-lived, so a small heap, C1 only, warnings to stderr only. */
    public List<String> kafkaTool() throws IOException {
        List<String> out = new ArrayList<>(kafkaRuntime());
        out.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + layout.tmpDir(),
                "-Dlog4j2.configurationFile=" + stackSource.resolve("log4j2-tools.properties"), "-cp", kafkaClasspath()));
        return out;
    }

    /**
     * Apicurio Registry, run from {@link StackLayout#registryDir()} so anything Quarkus writes relative to its working
     * directory lands there. Both Quarkus listeners (API and management) default to 0.0.0.0 and are pinned here;
     * preferIPv4Stack makes them plain AF_INET sockets. H2 in file mode keeps schemas across restarts.
     */
    public List<String> registry(int port, int managementPort) throws IOException {
        Path work = layout.registryDir().resolve("work");
        return List.of("-Xms128m", "-Xmx512m", "-Djava.awt.headless=true", "-Djava.net.preferIPv4Stack=true",
                "-Djava.io.tmpdir=" + layout.tmpDir(), "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.datasource.url=jdbc:h2:file:" + layout.registryDir().resolve("db").resolve("registry"),
                "-Dapicurio.storage.snapshot.location=" + work, "-Dapicurio.import.work-dir=" + work,
                "-jar", new StackArtifacts(distDir, stackSource.resolve("pom.xml")).registryJar().toString());
    }

    /** Writes kafka.args, kafka-tool.args and registry.args into the run folder, and the folders they name. */
    public void writeArgumentFiles(int registryPort, int registryManagementPort) throws IOException {
        for (Path dir : List.of(layout.runDir(), layout.logDir(), layout.tmpDir(), layout.registryDir().resolve("db"),
                layout.registryDir().resolve("work"))) {
            Files.createDirectories(dir);
        }
        Files.writeString(layout.runDir().resolve("kafka.args"), String.join("\n", kafka()) + "\n");
        Files.writeString(layout.runDir().resolve("kafka-tool.args"), String.join("\n", kafkaTool()) + "\n");
        Files.writeString(layout.runDir().resolve("registry.args"), String.join("\n", registry(registryPort, registryManagementPort)) + "\n");
    }

    /** Formats the broker's storage once, with the arguments {@link BrokerFiles} wrote; the output goes to logs/kafka-format.log. */
    public void formatStorage(Consumer<String> log) throws IOException, StackException, InterruptedException {
        if (Files.exists(layout.formattedMarker())) return;
        log.accept("formatting KRaft storage");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(kafkaTool());
        // Static controller.quorum.voters, so none of --standalone/--initial-controllers.
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "--config", layout.serverProperties().toString()));
        command.addAll(Files.readAllLines(layout.formatArguments()));
        TimedCommand.run("formatting Kafka storage", command, Map.of(), layout.logDir().resolve("kafka-format.log"), FORMAT_TIME_LIMIT);
    }

    /** JDK 23+ warns at length when Kafka uses sun.misc.Unsafe (mmap unmapping), which Kafka 4.x does by design. */
    private static List<String> kafkaRuntime() {
        return Runtime.version().feature() >= 23 ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
    }

    private String kafkaClasspath() throws IOException {
        return Files.readString(distDir.resolve("kafka.classpath")).trim();
    }
}
