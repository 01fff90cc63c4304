package io.supplyshock.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.List;

/**
 * The broker (the official {@code apache/kafka} image) and the registry ({@code apicurio/apicurio-registry})
 * in containers, published on the same fixed loopback ports {@link RealStack} chose, so the tests and the
 * app see the same addresses on either path, and a stopped container comes back on them with its data.
 */
final class ContainerStack implements RealStack.Backend {

    private static final int KAFKA_INTERNAL_PORT = 9092;
    private static final int REGISTRY_INTERNAL_PORT = 8080;

    private final int kafkaPort;
    private final int registryPort;
    private KafkaContainer kafka;
    private GenericContainer<?> registry;

    ContainerStack(int kafkaPort, int registryPort) {
        this.kafkaPort = kafkaPort;
        this.registryPort = registryPort;
    }

    @Override
    public void start() {
        if (kafka == null) {
            kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:" + version("supplyshock.kafka.version", "4.3.1")))
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                            .withPortBindings(binding(kafkaPort, KAFKA_INTERNAL_PORT)));
            registry = new GenericContainer<>(DockerImageName.parse("apicurio/apicurio-registry:" + version("supplyshock.registry.version", "3.3.3")))
                    .withExposedPorts(REGISTRY_INTERNAL_PORT)
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                            .withPortBindings(binding(registryPort, REGISTRY_INTERNAL_PORT)))
                    .waitingFor(Wait.forHttp("/apis/registry/v3/system/info").forStatusCode(200))
                    .withStartupTimeout(Duration.ofMinutes(3));
            kafka.start();
            registry.start();
        } else {
            for (GenericContainer<?> c : List.of(kafka, registry)) {
                if (!Boolean.TRUE.equals(DockerClientFactory.instance().client().inspectContainerCmd(c.getContainerId()).exec().getState().getRunning())) {
                    DockerClientFactory.instance().client().startContainerCmd(c.getContainerId()).exec();
                }
            }
        }
    }

    @Override
    public void stop(String component) {
        GenericContainer<?> c = switch (component) {
            case "kafka" -> kafka;
            case "registry" -> registry;
            default -> throw new IllegalArgumentException("no component '" + component + "' (kafka or registry)");
        };
        // Stopped, not removed: started again, it keeps its data and its published ports.
        DockerClientFactory.instance().client().stopContainerCmd(c.getContainerId()).exec();
    }

    @Override
    public void reset() {
        close();
        start();
    }

    @Override
    public void close() {
        if (registry != null) registry.stop();
        if (kafka != null) kafka.stop();
        registry = null;
        kafka = null;
    }

    private static PortBinding binding(int hostPort, int containerPort) {
        return new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), new ExposedPort(containerPort));
    }

    private static String version(String property, String fallback) {
        String v = System.getProperty(property);
        return v == null || v.isBlank() ? fallback : v;
    }
}
