package io.supplyshock.testing;

import io.supplyshock.cli.Cli;
import io.supplyshock.TopicAdmin;
import io.supplyshock.config.AppConfig;
import io.supplyshock.profiles.SeedEntityConverter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker (KRaft) and a real Apicurio Registry for integration tests, started once per
 * test JVM on free loopback ports and emptied of topics and consumer groups before each further test class.
 * {@link StackSelection} picks how: in containers under Testcontainers where a Docker engine answers, else
 * through the project's own {@code scripts/stack.sh} in a stack directory under {@code target/}, so it never
 * collides with a developer's demo stack. Never skipped.
 */
public final class RealStack implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    /** Starts, stops and empties the broker and registry; the ports are RealStack's either way. */
    interface Backend extends AutoCloseable {
        void start() throws Exception;

        void stop(String component) throws Exception;

        void reset() throws Exception;

        @Override
        void close() throws Exception;
    }

    private static RealStack instance;
    /** The test class the stack was last handed to: a different one gets it emptied first. */
    private static Class<?> lastClass;

    private final StackScript script;
    private final int kafkaPort;
    private final int registryPort;
    private final Backend backend;

    private RealStack(Path projectRoot, StackSelection.Choice choice) throws IOException {
        script = new StackScript(projectRoot, "it-stack");
        kafkaPort = script.kafkaPort;
        registryPort = script.registryPort;
        backend = choice.kind() == StackSelection.Kind.TESTCONTAINERS ? new ContainerStack(kafkaPort, registryPort) : new Backend() {
            @Override
            public void start() throws IOException, InterruptedException {
                script.run("start");
            }

            @Override
            public void stop(String component) throws IOException, InterruptedException {
                script.run("stop", component);
            }

            @Override
            public void reset() throws IOException, InterruptedException {
                script.run("reset");
                script.run("start");
            }

            @Override
            public void close() throws IOException, InterruptedException {
                script.run("stop");
            }
        };
    }

    /** The shared stack, started on first use and stopped when the test JVM's root context closes. */
    public static synchronized RealStack start(ExtensionContext context) throws Exception {
        if (instance == null) {
            StackSelection.Choice choice = StackSelection.fromEnvironment();
            System.out.println("integration stack: " + (choice.kind() == StackSelection.Kind.TESTCONTAINERS
                    ? "Testcontainers (apache/kafka, apicurio/apicurio-registry)" : "scripts/stack.sh (local processes)") + ", because " + choice.reason());
            RealStack stack = new RealStack(locateProjectRoot(), choice);
            // Each test JVM starts from empty topics: counts and offsets of an earlier run must not leak in.
            stack.backend.reset();
            instance = stack;
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(RealStack.class.getName(), stack);
        } else if (context.getTestClass().isPresent() && context.getTestClass().get() != lastClass) {
            instance.empty(false);
        }
        context.getTestClass().ifPresent(c -> lastClass = c);
        return instance;
    }

    /**
     * What a fresh stack gives a test class, without the half minute a restart costs: both components up, no topic
     * (the pipeline's, the apps' changelogs and repartitions) and no consumer group left by the classes before. The
     * registry keeps its schemas: the apps register the same ones again and get the same ids, so no serializer's
     * cached id goes stale; each class has an application id of its own, so no committed offset or transactional
     * id carries over either.
     *
     * @param everyGroup whether every group must be gone, for a test that runs the same application id again: a
     *                   group a killed member still holds is then waited for (up to a minute) instead of kept
     */
    public void empty(boolean everyGroup) throws Exception {
        long t0 = System.nanoTime();
        if (!listening(kafkaPort) || !listening(registryPort)) backend.start();
        try (Admin admin = Admin.create(TopicAdmin.adminConfig(AppConfig.of(Map.of(AppConfig.BOOTSTRAP_SERVERS.key(), bootstrapServers()))))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!topics.isEmpty()) admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).isEmpty()) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("topics still listed a minute after their deletion");
                Thread.sleep(100);
            }
            int deleted = 0;
            List<String> kept;
            while (true) {
                List<String> groups = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream().map(GroupListing::groupId).toList();
                kept = new ArrayList<>();
                for (var deletion : admin.deleteConsumerGroups(groups).deletedGroups().entrySet()) {
                    try {
                        deletion.getValue().get(30, TimeUnit.SECONDS);
                        deleted++;
                    } catch (ExecutionException e) {
                        // A member killed by the class before holds its group until its session ends.
                        kept.add(deletion.getKey() + " (" + e.getCause().getClass().getSimpleName() + ")");
                    }
                }
                if (kept.isEmpty() || !everyGroup) break;
                if (System.nanoTime() > deadline) throw new IllegalStateException("consumer groups still held a minute on: " + kept);
                Thread.sleep(500);
            }
            System.out.printf(Locale.ROOT, "integration stack emptied: %d topics, %d consumer groups deleted%s, in %d ms%n",
                    topics.size(), deleted, kept.isEmpty() ? "" : "; kept " + kept, Duration.ofNanos(System.nanoTime() - t0).toMillis());
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String registryUrl() {
        return "http://127.0.0.1:" + registryPort + "/apis/registry/v3";
    }

    public String registryBase() {
        return "http://127.0.0.1:" + registryPort;
    }

    /** Settings for an app on this stack: its own application id, state under {@code work}, a free HTTP port. */
    public AppConfig appConfig(String applicationId, Path work) throws IOException {
        return AppConfig.of(Map.of(
                AppConfig.BOOTSTRAP_SERVERS.key(), bootstrapServers(),
                AppConfig.REGISTRY_URL.key(), registryUrl(),
                AppConfig.APPLICATION_ID.key(), applicationId,
                AppConfig.STATE_DIR.key(), work.resolve("state").toString(),
                AppConfig.HTTP_PORT.key(), String.valueOf(freePorts(1).get(0))));
    }

    /**
     * Creates the topics and publishes the shipped world-supply baseline and the exposure profiles derived
     * from seed-entities.jsonl, as an operator would before starting the app.
     *
     * @return the number of profiles published
     */
    public static long createTopicsAndPublishSeedProfiles(AppConfig config, Path work) throws IOException, InterruptedException {
        if (TopicAdmin.createTopics(config, System.out) != 0) throw new IllegalStateException("create-topics failed");
        if (Cli.run("publish-baseline", new String[0], config, System.out, System.err) != 0) {
            throw new IllegalStateException("publishing the world-supply baseline failed");
        }
        Path profiles = work.resolve("exposure-profiles.jsonl");
        new SeedEntityConverter().convert(ReferenceData.seedEntitiesFile()).write(profiles);
        if (Cli.run("publish-profiles", new String[]{profiles.toString()}, config, System.out, System.err) != 0) {
            throw new IllegalStateException("publishing the seed exposure profiles failed");
        }
        return Files.readAllLines(profiles).stream().filter(l -> !l.isBlank()).count();
    }

    public Path projectRoot() {
        return script.projectRoot;
    }

    /** Stops one component (kafka or registry); {@link #startAll()} brings it back on the same ports and data. */
    public void stop(String component) throws Exception {
        backend.stop(component);
    }

    public void startAll() throws Exception {
        backend.start();
    }

    /** Empty topics and registry: stop, delete the data, start again on the same ports. */
    public void reset() throws Exception {
        backend.reset();
    }

    @Override
    public void close() throws Exception {
        backend.close();
    }

    static Path locateProjectRoot() {
        String configured = System.getProperty("supplyshock.project.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("scripts/stack.sh"))) {
            throw new IllegalStateException("scripts/stack.sh not found under " + root);
        }
        return root;
    }

    public static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) s.close();
        }
    }

}
