package io.supplyshock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's {@code scripts/stack.sh} on a stack folder of its own under {@code target/} and free loopback
 * ports, so a test stack never collides with a developer's demo stack or with another test stack.
 */
final class StackScript {

    final Path projectRoot;
    final Path stackDir;
    final int kafkaPort;
    final int registryPort;
    private final Map<String, String> env;

    StackScript(Path projectRoot, String folder) throws IOException {
        this.projectRoot = projectRoot;
        this.stackDir = projectRoot.resolve("harness/target").resolve(folder);
        List<Integer> ports = RealStack.freePorts(4);
        kafkaPort = ports.get(0);
        registryPort = ports.get(2);
        env = Map.of(
                "SUPPLYSHOCK_STACK_DIR", stackDir.toString(),
                "SUPPLYSHOCK_KAFKA_PORT", String.valueOf(kafkaPort),
                "SUPPLYSHOCK_CONTROLLER_PORT", String.valueOf(ports.get(1)),
                "SUPPLYSHOCK_REGISTRY_PORT", String.valueOf(registryPort),
                "SUPPLYSHOCK_REGISTRY_MGMT_PORT", String.valueOf(ports.get(3)),
                // Share the downloaded broker and registry with the demo stack, so 'mvn clean' does not refetch 170 MB.
                "SUPPLYSHOCK_STACK_DIST_DIR", projectRoot.resolve(".stack/dist").toString());
    }

    /** Runs {@code scripts/stack.sh COMMAND} on this stack and returns what it printed; fails with its last lines. */
    String run(String... command) throws IOException, InterruptedException {
        Path log = stackDir.resolveSibling(stackDir.getFileName() + "-" + String.join("-", command).replace("--", "") + ".log");
        Files.createDirectories(stackDir);
        List<String> cmd = new ArrayList<>(List.of("bash", projectRoot.resolve("scripts/stack.sh").toString()));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(projectRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process process = pb.start();
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("scripts/stack.sh " + String.join(" ", command) + " timed out; see " + log);
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("scripts/stack.sh " + String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
                    + String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())));
        }
        return String.join("\n", output);
    }
}
