package io.supplyshock.cli;

import ch.qos.logback.classic.Level;
import io.supplyshock.config.AppConfig;
import io.supplyshock.stack.BrokerConfig;
import io.supplyshock.stack.BrokerFiles;
import io.supplyshock.stack.BrokerPrincipals;
import io.supplyshock.stack.LocalProcesses;
import io.supplyshock.stack.Principal;
import io.supplyshock.stack.Readiness;
import io.supplyshock.stack.SecureFiles;
import io.supplyshock.stack.StackArtifacts;
import io.supplyshock.stack.StackException;
import io.supplyshock.stack.StackLayout;
import io.supplyshock.stack.StackPorts;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The local stack's logic that is not starting and stopping processes, for {@code scripts/stack.sh} (which
 * starts and stops them) and the compose file's secure profile. Hidden from the top-level help: people run
 * {@code scripts/stack.sh}, not this.
 */
@Command(name = "stack", hidden = true, mixinStandardHelpOptions = true,
        description = {"The local stack's configuration, certificates, readiness checks, SCRAM users and ACLs, "
                + "for scripts/stack.sh and docker-compose.yml (not for direct use).",
                "Exit status: 0 done; 1 failure (a port taken, a server not ready in time, keytool failed); 2 bad usage."},
        subcommands = {StackCommand.Prepare.class, StackCommand.Await.class})
final class StackCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing COMMAND (prepare or await)");
    }

    /** A subcommand on a stack folder. What the person starting the stack must act on is one line on stderr, exit 1. */
    abstract static class Step implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--stack-dir", required = true, paramLabel = "DIR", description = "the stack's folder (SUPPLYSHOCK_STACK_DIR)")
        Path stackDir;

        abstract void run(Consumer<String> log) throws IOException, StackException, InterruptedException;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            try {
                run(message -> {
                    err.println("[supplyshock] " + message);
                    err.flush();
                });
                return Cli.OK;
            } catch (StackException | IOException e) {
                err.println("[supplyshock] ERROR: " + e.getMessage());
                return Cli.FAILURE;
            } finally {
                err.flush();
            }
        }
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = {"Before the servers start: checks the ports, makes the secure stack's passwords, certificates and "
                    + "client files (--secure, or a stack dir that is secure already), writes the broker's server.properties "
                    + "and its storage-format arguments; with --dist-dir also resolves the broker and the registry with Maven (once), "
                    + "writes their JVM arguments and formats the broker's storage (once)."})
    static final class Prepare extends Step {

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the broker's log.dirs (default: DIR/kafka/data)")
        Path dataDir;

        @Option(names = "--kafka-port", required = true, paramLabel = "PORT", description = "client listener (SUPPLYSHOCK_KAFKA_PORT)")
        String kafkaPort;

        @Option(names = "--controller-port", required = true, paramLabel = "PORT", description = "KRaft controller (SUPPLYSHOCK_CONTROLLER_PORT)")
        String controllerPort;

        @Option(names = "--registry-port", paramLabel = "PORT", description = "registry API (SUPPLYSHOCK_REGISTRY_PORT)")
        String registryPort;

        @Option(names = "--registry-mgmt-port", paramLabel = "PORT", description = "registry management (SUPPLYSHOCK_REGISTRY_MGMT_PORT)")
        String registryMgmtPort;

        @Option(names = "--partitions", paramLabel = "N", description = "num.partitions (SUPPLYSHOCK_KAFKA_PARTITIONS; default: the app's topic.partitions)")
        String partitions = AppConfig.TOPIC_PARTITIONS.defaultValue();

        @Option(names = "--secure", description = "make the stack secure: SASL_SSL with SCRAM-SHA-512, TLS, ACLs (a fresh stack dir only)")
        boolean secure;

        @Option(names = "--free", split = ",", paramLabel = "kafka|registry", description = "components about to start, whose ports must be free")
        List<String> free = new ArrayList<>();

        @Option(names = "--dist-dir", paramLabel = "DIR", description = "for local processes: where Maven resolves the broker and the registry, "
                + "once (SUPPLYSHOCK_STACK_DIST_DIR); their argument files go to the stack dir's run/")
        Path distDir;

        @Option(names = "--stack-src", paramLabel = "DIR", description = "with --dist-dir: scripts/stack (the resolver pom, log4j2 configurations)")
        Path stackSource;

        @Option(names = "--host", paramLabel = "NAME", description = "in a container network: the broker's name there; it listens on all interfaces")
        String host;

        @Option(names = "--host-port", paramLabel = "PORT", description = "in a container network: a second client listener, advertised as 127.0.0.1:PORT")
        Integer hostPort;

        @Option(names = "--owner", paramLabel = "UID:GID", description = "in a container: hand the stack dir's files to the user the broker runs as")
        String owner;

        @Override
        void run(Consumer<String> log) throws IOException, StackException, InterruptedException {
            StackPorts.Port kafka = StackPorts.parse("SUPPLYSHOCK_KAFKA_PORT", kafkaPort);
            StackPorts.Port controller = StackPorts.parse("SUPPLYSHOCK_CONTROLLER_PORT", controllerPort);
            List<StackPorts.Port> registry = new ArrayList<>();
            if (registryPort != null) registry.add(StackPorts.parse("SUPPLYSHOCK_REGISTRY_PORT", registryPort));
            if (registryMgmtPort != null) registry.add(StackPorts.parse("SUPPLYSHOCK_REGISTRY_MGMT_PORT", registryMgmtPort));
            List<StackPorts.Port> all = new ArrayList<>(List.of(kafka, controller));
            all.addAll(registry);
            StackPorts.requireDistinct(all);
            int partitionCount = positive("SUPPLYSHOCK_KAFKA_PARTITIONS", partitions);
            for (String component : free) {
                switch (component) {
                    case "kafka" -> {
                        StackPorts.requireFree(kafka);
                        StackPorts.requireFree(controller);
                    }
                    case "registry" -> {
                        for (StackPorts.Port p : registry) StackPorts.requireFree(p);
                    }
                    default -> throw new StackException("--free takes kafka or registry, got '" + component + "'");
                }
            }

            StackLayout layout = dataDir == null ? StackLayout.of(stackDir) : new StackLayout(stackDir, dataDir);
            SecureFiles secureFiles = layout.secure();
            if (secure && !secureFiles.enabled() && Files.exists(layout.formattedMarker())) {
                throw new StackException(stackDir + " already holds a plaintext broker's data; run 'scripts/stack.sh reset' before 'start --secure'");
            }
            if (secure || secureFiles.enabled()) secureFiles.create(host == null ? List.of() : List.of(host), log);
            BrokerFiles.write(layout, new BrokerConfig.Listeners(kafka.number(), controller.number(), host, hostPort), partitionCount);

            if (distDir != null) {
                if (stackSource == null || registry.size() != 2) {
                    throw new StackException("--dist-dir needs --stack-src, --registry-port and --registry-mgmt-port");
                }
                new StackArtifacts(distDir, stackSource.resolve("pom.xml")).resolve(log);
                LocalProcesses processes = new LocalProcesses(layout, distDir, stackSource);
                processes.writeArgumentFiles(registry.get(0).number(), registry.get(1).number());
                if (free.contains("kafka")) processes.formatStorage(log);
            }
            if (owner != null) layout.handOver(owner);
        }

        private static int positive(String variable, String value) throws StackException {
            try {
                int n = Integer.parseInt(value.trim());
                if (n > 0) return n;
            } catch (NumberFormatException e) {
                // reported below, with the variable's name
            }
            throw new StackException(variable + "=" + value + " must be a positive integer");
        }
    }

    @Command(name = "await", mixinStandardHelpOptions = true,
            description = {"After the servers start: waits until the broker and the registry serve (each bounded by --timeout), "
                    + "then on a secure stack creates the SCRAM users and ACLs (both idempotent)."})
    static final class Await extends Step {

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "the broker to wait for")
        String bootstrap;

        @Option(names = "--kafka-pid", paramLabel = "PID", description = "the broker's process: the wait ends when it exits")
        Long kafkaPid;

        @Option(names = "--registry", paramLabel = "URL", description = "the registry to wait for: scheme, host and port")
        URI registry;

        @Option(names = "--registry-pid", paramLabel = "PID", description = "the registry's process: the wait ends when it exits")
        Long registryPid;

        @Option(names = "--timeout", required = true, paramLabel = "SECONDS", description = "longest wait for each server (SUPPLYSHOCK_STACK_START_TIMEOUT)")
        int timeoutSeconds;

        @Override
        void run(Consumer<String> log) throws IOException, StackException, InterruptedException {
            // A broker that is still starting makes the Admin client log every refused attempt; the probes report the reason instead.
            if (LoggerFactory.getLogger("org.apache.kafka") instanceof ch.qos.logback.classic.Logger kafkaLog) kafkaLog.setLevel(Level.OFF);
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            StackLayout layout = StackLayout.of(stackDir);
            SecureFiles secure = layout.secure();
            if (bootstrap != null) {
                Map<String, Object> settings = secure.enabled() ? secure.readClientProperties(Principal.ADMIN) : Map.of();
                try {
                    Readiness.broker(bootstrap, settings, timeout, process("Kafka", kafkaPid), log);
                } catch (StackException e) {
                    printTails(log, layout, "kafka.out", "kafka-server.log");
                    throw e;
                }
            }
            if (registry != null) {
                try {
                    Readiness.registry(registry, timeout, process("Apicurio Registry", registryPid), log);
                } catch (StackException e) {
                    printTails(log, layout, "registry.log");
                    throw e;
                }
            }
            if (bootstrap != null && secure.enabled()) log.accept(BrokerPrincipals.ensure(bootstrap, secure, timeout));
        }

        /** The end of a server's logs, where the reason it did not come up usually is. */
        private static void printTails(Consumer<String> log, StackLayout layout, String... names) throws IOException {
            for (String name : names) {
                Path file = layout.logDir().resolve(name);
                if (!Files.exists(file) || Files.size(file) == 0) continue;
                // Decoded leniently: a stray byte in a log must not hide the rest of it.
                List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
                log.accept("---- last lines of " + file + " ----\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())));
            }
        }

        private static ProcessHandle process(String what, Long pid) throws StackException {
            if (pid == null) return null;
            return ProcessHandle.of(pid).orElseThrow(() -> new StackException(what + " (pid " + pid + ") exited during startup"));
        }
    }
}
