package io.supplyshock.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.supplyshock.cli.Cli;
import io.supplyshock.config.AppConfig;
import io.supplyshock.stack.BrokerConfig;
import io.supplyshock.stack.Principal;
import io.supplyshock.stack.SecureAcls;
import io.supplyshock.testing.RequiredTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml as a real Compose implementation reads it (Debian's docker-compose renders it
 * with 'config', which validates it against the Compose schema), and its settings against the
 * local stack's (scripts/stack.sh, scripts/app.sh, the poms, AppConfig's defaults, io.supplyshock.stack).
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of(System.getProperty("supplyshock.project.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode services;

    @BeforeAll
    static void render() throws Exception {
        DashboardTest.Result result = DashboardTest.run(RequiredTool.find("docker-compose", "docker-compose").toString(),
                "--project-directory", ROOT.toString(), "-f", ROOT.resolve("docker-compose.yml").toString(), "config");
        assertThat(result.exitCode()).as("docker-compose config:\n" + result.output()).isZero();
        services = YAML.readTree(result.output()).path("services");
    }

    @Test
    void startsInOrderOnHealthChecks() {
        // 'docker compose up' without a profile starts these; the secure profile's services are checked below.
        assertThat(iterable(services.fieldNames())).filteredOn(name -> services.path(name).path("profiles").isMissingNode())
                .containsExactlyInAnyOrder("kafka", "registry", "topics", "app", "prometheus", "grafana");
        for (String name : List.of("kafka", "registry", "app", "prometheus", "grafana")) {
            assertThat(services.path(name).path("healthcheck").path("test")).as(name + " healthcheck").isNotEmpty();
        }
        assertDependsOn("topics", Map.of("kafka", "service_healthy"));
        assertDependsOn("app", Map.of("kafka", "service_healthy", "registry", "service_healthy", "topics", "service_completed_successfully"));
        assertDependsOn("prometheus", Map.of("app", "service_healthy"));
        assertDependsOn("grafana", Map.of("prometheus", "service_healthy"));
    }

    @Test
    void everyPublishedPortBindsLoopbackAtTheLocalStacksPorts() throws IOException {
        String stack = Files.readString(ROOT.resolve("scripts/stack.sh"));
        assertThat(hostPorts("kafka")).containsExactly(Integer.parseInt(shellDefault(stack, "SUPPLYSHOCK_KAFKA_PORT")));
        assertThat(hostPorts("registry")).containsExactlyInAnyOrder(Integer.parseInt(shellDefault(stack, "SUPPLYSHOCK_REGISTRY_PORT")),
                Integer.parseInt(shellDefault(stack, "SUPPLYSHOCK_REGISTRY_MGMT_PORT")));
        assertThat(env("registry", "QUARKUS_HTTP_PORT")).isEqualTo(shellDefault(stack, "SUPPLYSHOCK_REGISTRY_PORT"));
        assertThat(env("registry", "QUARKUS_MANAGEMENT_PORT")).isEqualTo(shellDefault(stack, "SUPPLYSHOCK_REGISTRY_MGMT_PORT"));
        String appPort = shellDefault(Files.readString(ROOT.resolve("scripts/app.sh")), "SUPPLYSHOCK_HTTP_PORT");
        assertThat(appPort).isEqualTo(AppConfig.HTTP_PORT.defaultValue());
        assertThat(hostPorts("app")).containsExactly(Integer.parseInt(appPort));
        assertThat(env("app", "SUPPLYSHOCK_HTTP_PORT")).isEqualTo(appPort);
        assertThat(hostPorts("prometheus")).containsExactly(9090);
        assertThat(hostPorts("grafana")).containsExactly(3000);
        for (String name : List.of("kafka", "registry", "app", "prometheus", "grafana")) {
            services.path(name).path("ports").forEach(p -> assertThat(p.asText()).as(name).startsWith("127.0.0.1:"));
        }
        // Host clients are told to reconnect where the port is published, as the local broker advertises itself.
        assertThat(env("kafka", "KAFKA_ADVERTISED_LISTENERS")).contains("HOST://127.0.0.1:" + shellDefault(stack, "SUPPLYSHOCK_KAFKA_PORT"));
    }

    @Test
    void imagesAndBrokerSettingsMatchTheLocalStack() throws IOException {
        String parentPom = Files.readString(ROOT.resolve("pom.xml"));
        String stackPom = Files.readString(ROOT.resolve("scripts/stack/pom.xml"));
        assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + pomProperty(parentPom, "kafka.version"));
        assertThat(services.path("registry").path("image").asText())
                .isEqualTo("apicurio/apicurio-registry:" + pomProperty(stackPom, "apicurio.registry.version"))
                .isEqualTo("apicurio/apicurio-registry:" + pomProperty(parentPom, "apicurio.registry.version"));
        Map<String, String> local = BrokerConfig.settings(BrokerConfig.Listeners.loopback(9092, 9093),
                Integer.parseInt(AppConfig.TOPIC_PARTITIONS.defaultValue()), Path.of("/data"), null);
        // Every setting of the local stack's broker that is not about where it listens has the same value here.
        for (String setting : List.of("process.roles", "node.id", "num.partitions")) {
            assertThat(env("kafka", "KAFKA_" + setting.toUpperCase().replace('.', '_'))).as(setting).isEqualTo(local.get(setting));
        }
        BrokerConfig.SINGLE_NODE.forEach((setting, value) ->
                assertThat(env("kafka", "KAFKA_" + setting.toUpperCase().replace('.', '_'))).as(setting).isEqualTo(value));
    }

    @Test
    void appAndToolsUseTheAppsDefaultsAndTheComposeNetwork() {
        assertThat(env("app", "SUPPLYSHOCK_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        assertThat(env("topics", "SUPPLYSHOCK_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        URI registry = URI.create(env("app", "SUPPLYSHOCK_REGISTRY_URL"));
        assertThat(registry.getHost()).isEqualTo("registry");
        assertThat(registry.getPath()).isEqualTo(URI.create(AppConfig.REGISTRY_URL.defaultValue()).getPath());
        assertThat(env("app", "SUPPLYSHOCK_APPLICATION_ID")).isEqualTo(AppConfig.APPLICATION_ID.defaultValue());
        assertThat(env("app", "SUPPLYSHOCK_PROCESSING_GUARANTEE")).isEqualTo(AppConfig.PROCESSING_GUARANTEE.defaultValue());
        assertThat(services.path("topics").path("command").toString()).contains("create-topics");
    }

    @Test
    void prometheusScrapesTheAppAndGrafanaIsProvisionedFromTheRepo() throws IOException {
        JsonNode scrape = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
        String target = scrape.path("scrape_configs").get(0).path("static_configs").get(0).path("targets").get(0).asText();
        assertThat(target).isEqualTo("app:" + env("app", "SUPPLYSHOCK_HTTP_PORT"));
        assertThat(mounts("prometheus")).containsEntry(ROOT.resolve("deploy/prometheus/prometheus.yml").toString(), "/etc/prometheus/prometheus.yml");

        JsonNode datasource = YAML.readTree(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml").toFile()).path("datasources").get(0);
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:" + hostPorts("prometheus").get(0));
        JsonNode provider = YAML.readTree(ROOT.resolve("deploy/grafana/provisioning/dashboards/supplyshock.yml").toFile()).path("providers").get(0);
        Map<String, String> grafana = mounts("grafana");
        assertThat(grafana).containsEntry(ROOT.resolve("deploy/grafana/provisioning").toString(), "/etc/grafana/provisioning")
                .containsEntry(ROOT.resolve("deploy/grafana/dashboards").toString(), provider.path("options").path("path").asText());
        assertThat(env("grafana", "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
                .isEqualTo(provider.path("options").path("path").asText() + "/supplyshock.json");
        grafana.keySet().forEach(source -> assertThat(Path.of(source)).exists());
    }

    @Test
    void theSecureProfileRunsAnAuthenticatedBrokerWithAclsAndTheAppAsItsOwnPrincipal() {
        List<String> secure = List.of("secure-setup", "kafka-secure", "secure-principals", "topics-secure", "app-secure");
        assertThat(iterable(services.fieldNames())).filteredOn(name -> !services.path(name).path("profiles").isMissingNode())
                .containsExactlyInAnyOrderElementsOf(secure);
        secure.forEach(name -> assertThat(services.path(name).path("profiles").toString()).as(name).isEqualTo("[\"secure\"]"));
        assertDependsOn("kafka-secure", Map.of("secure-setup", "service_completed_successfully"));
        assertDependsOn("secure-principals", Map.of("kafka-secure", "service_healthy"));
        assertDependsOn("topics-secure", Map.of("secure-principals", "service_completed_successfully", "registry", "service_healthy"));
        assertDependsOn("app-secure", Map.of("kafka-secure", "service_healthy", "registry", "service_healthy", "topics-secure", "service_completed_successfully"));
        assertThat(hostPorts("kafka-secure")).containsExactly(9094);
        assertThat(hostPorts("app-secure")).containsExactly(8082);
        for (String name : secure) services.path(name).path("ports").forEach(p -> assertThat(p.asText()).as(name).startsWith("127.0.0.1:"));
        // The jar users run does the secure stack's work, as it does for scripts/stack.sh start --secure.
        for (String name : List.of("secure-setup", "secure-principals", "topics-secure", "app-secure")) {
            assertThat(mounts(name)).as(name).containsEntry(ROOT.resolve("tools/target/supplyshock.jar").toString(), "/app/supplyshock.jar");
        }
        assertThat(command("secure-principals")).containsSequence("stack", "await", "--stack-dir", "/stack", "--bootstrap", "kafka-secure:9095");
        assertThat(env("app-secure", "SUPPLYSHOCK_APPLICATION_ID")).isEqualTo(SecureAcls.APPLICATION_ID);
    }

    /**
     * Runs secure-setup's own command (the jar's {@code stack prepare}) with the volume in a temporary folder, and
     * checks that everything the other services of the profile read is where they look for it.
     */
    @Test
    void whatSecureSetupWritesIsWhatTheBrokerAndTheClientsOfTheProfileRead(@TempDir Path volume) throws Exception {
        List<String> command = command("secure-setup");
        assertThat(command.subList(0, 5)).containsExactly("java", "-jar", "/app/supplyshock.jar", "stack", "prepare");
        List<String> args = new ArrayList<>();
        for (String arg : command.subList(3, command.size())) args.add(arg.replace("/stack", volume.toString()));
        // Handing the files to the broker's user is for the container; here they stay the test's.
        int owner = args.indexOf("--owner");
        args.subList(owner, owner + 2).clear();
        args.set(args.indexOf("--data-dir") + 1, volume.resolve("data").toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Cli.execute(args.toArray(String[]::new), () -> AppConfig.of(Map.of()), System.out, new PrintStream(err)))
                .as(err.toString()).isZero();

        Properties broker = properties(volume.resolve("kafka/server.properties"));
        assertThat(broker.getProperty("advertised.listeners")).isEqualTo("SASL_SSL://kafka-secure:9095,HOST://127.0.0.1:" + hostPorts("kafka-secure").get(0));
        assertThat(publishedContainerPorts("kafka-secure")).containsExactly(9094);
        assertThat(broker.getProperty("listeners")).contains("HOST://:9094");
        assertThat(broker.getProperty("log.dirs")).isEqualTo(volume.resolve("data").toString());
        assertThat(broker.getProperty("allow.everyone.if.no.acl.found")).isEqualTo("false");
        String entrypoint = services.path("kafka-secure").path("entrypoint").toString();
        assertThat(entrypoint).contains("/stack/kafka/format.args").contains("--config /stack/kafka/server.properties")
                .contains("kafka-server-start.sh /stack/kafka/server.properties");
        assertThat(Files.readAllLines(volume.resolve("kafka/format.args"))).contains("--cluster-id", "--add-scram");
        assertThat(services.path("kafka-secure").path("healthcheck").path("test").toString())
                .contains("--bootstrap-server kafka-secure:9095").contains("--command-config /stack/secure/client-admin.properties");
        assertThat(volume.resolve("secure/client-admin.properties")).isRegularFile();
        // The clients' truststore path is the one every container of the profile mounts the volume at.
        for (String name : List.of("topics-secure", "app-secure")) {
            String file = env(name, "SUPPLYSHOCK_CONFIG_FILE");
            assertThat(file).startsWith("/stack/secure/");
            Properties client = properties(Path.of(file.replace("/stack", volume.toString())));
            assertThat(client.getProperty("kafka.security.protocol")).isEqualTo("SASL_SSL");
            assertThat(client.getProperty("kafka.ssl.truststore.location")).isEqualTo(volume.resolve("secure/truststore.p12").toString());
        }
        assertThat(properties(volume.resolve("secure/supplyshock-app.properties")).getProperty("kafka.sasl.jaas.config"))
                .contains("username=\"" + Principal.APP.user() + "\"");
    }

    private static List<String> command(String service) {
        List<String> out = new ArrayList<>();
        services.path(service).path("command").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<Integer> publishedContainerPorts(String service) {
        List<Integer> ports = new ArrayList<>();
        services.path(service).path("ports").forEach(p -> ports.add(p.isTextual()
                ? Integer.parseInt(p.asText().split(":")[2].replace("/tcp", "")) : p.path("target").asInt()));
        return ports;
    }

    private static Properties properties(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        }
        return props;
    }

    private static void assertDependsOn(String service, Map<String, String> expected) {
        JsonNode dependsOn = services.path(service).path("depends_on");
        assertThat(iterable(dependsOn.fieldNames())).as(service).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((dep, condition) -> assertThat(dependsOn.path(dep).path("condition").asText()).as(service + " -> " + dep).isEqualTo(condition));
    }

    private static List<Integer> hostPorts(String service) {
        List<Integer> ports = new ArrayList<>();
        // docker-compose 1.x renders short syntax ("127.0.0.1:9092:29092/tcp"); Compose v2 long syntax ({published: ...}).
        services.path(service).path("ports").forEach(p -> ports.add(p.isTextual()
                ? Integer.parseInt(p.asText().split(":")[1]) : p.path("published").asInt()));
        return ports;
    }

    private static String env(String service, String name) {
        JsonNode value = services.path(service).path("environment").path(name);
        assertThat(value.isMissingNode()).as(service + " sets " + name).isFalse();
        return value.asText();
    }

    /** Bind mounts: host path -> container path. */
    private static Map<String, String> mounts(String service) {
        Map<String, String> out = new java.util.HashMap<>();
        services.path(service).path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            if (parts[0].startsWith("/")) out.put(parts[0], parts[1]);
        });
        return out;
    }

    private static String shellDefault(String script, String variable) {
        Matcher m = Pattern.compile("\\$\\{" + variable + ":-([^}]*)}").matcher(script);
        assertThat(m.find()).as(variable + " default").isTrue();
        return m.group(1);
    }

    private static String pomProperty(String pom, String property) {
        Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as(property).isTrue();
        return m.group(1);
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
