package io.supplyshock.testing;

import io.supplyshock.config.AppConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A secure stack ({@code scripts/stack.sh start --secure}: SASL_SSL, SCRAM-SHA-512, ACLs) of its own, in
 * {@code target/it-secure-stack} on free loopback ports, so it never touches the plaintext {@link RealStack}
 * the other integration tests share. The credentials are the ones the script generated, read from the
 * client properties files it writes for each principal.
 */
public final class SecureStack implements AutoCloseable {

    private final Path projectRoot;
    private final Path stackDir;
    private final Map<String, String> env;
    private final int kafkaPort;
    private final int registryPort;

    private SecureStack(Path projectRoot) throws IOException {
        this.projectRoot = projectRoot;
        this.stackDir = projectRoot.resolve("streams-app/target/it-secure-stack");
        List<Integer> ports = RealStack.freePorts(4);
        kafkaPort = ports.get(0);
        registryPort = ports.get(2);
        env = Map.of(
                "SUPPLYSHOCK_STACK_DIR", stackDir.toString(),
                "SUPPLYSHOCK_KAFKA_PORT", String.valueOf(kafkaPort),
                "SUPPLYSHOCK_CONTROLLER_PORT", String.valueOf(ports.get(1)),
                "SUPPLYSHOCK_REGISTRY_PORT", String.valueOf(registryPort),
                "SUPPLYSHOCK_REGISTRY_MGMT_PORT", String.valueOf(ports.get(3)),
                "SUPPLYSHOCK_STACK_DIST_DIR", projectRoot.resolve(".stack/dist").toString());
    }

    /** A fresh secure stack: earlier data, certificates and passwords are deleted first. */
    public static SecureStack start() throws Exception {
        SecureStack stack = new SecureStack(RealStack.locateProjectRoot());
        stack.run("reset");
        stack.run("start", "--secure");
        return stack;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String registryUrl() {
        return "http://127.0.0.1:" + registryPort + "/apis/registry/v3";
    }

    public Path projectRoot() {
        return projectRoot;
    }

    public Path secureDir() {
        return stackDir.resolve("secure");
    }

    /** The Kafka client settings the script wrote for a principal (admin, app, publisher or consumer). */
    public Map<String, String> clientProperties(String principal) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(secureDir().resolve("client-" + principal + ".properties"))) {
            props.load(reader);
        }
        Map<String, String> out = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        out.put("bootstrap.servers", bootstrapServers());
        return out;
    }

    /** Every password the script generated (SCRAM users, keystore, truststore). */
    public List<String> passwords() throws IOException {
        List<String> out = new ArrayList<>();
        try (var files = Files.list(secureDir().resolve("passwords"))) {
            for (Path f : files.toList()) out.add(Files.readString(f).trim());
        }
        return out;
    }

    /** App settings for a principal: its credentials as {@code kafka.*} overrides, state under {@code work}. */
    public AppConfig appConfig(String principal, Path work) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(AppConfig.BOOTSTRAP_SERVERS.key(), bootstrapServers());
        values.put(AppConfig.REGISTRY_URL.key(), registryUrl());
        values.put(AppConfig.STATE_DIR.key(), work.resolve("state").toString());
        values.put(AppConfig.HTTP_PORT.key(), String.valueOf(RealStack.freePorts(1).get(0)));
        clientProperties(principal).forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) values.put("kafka." + k, v);
        });
        return AppConfig.of(values);
    }

    /** The same settings as environment variables, as {@code eval "$(scripts/stack.sh env --as ...)"} would set them. */
    public static Map<String, String> environment(AppConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (AppConfig.Setting s : AppConfig.SETTINGS) out.put(s.envName(), config.get(s));
        config.kafkaOverrides().forEach((k, v) ->
                out.put(AppConfig.KAFKA_ENV_PREFIX + k.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), v));
        return out;
    }

    /** Output of {@code scripts/stack.sh ARGS} on this stack. */
    public String run(String... command) throws IOException, InterruptedException {
        Path log = stackDir.resolveSibling("it-secure-stack-" + String.join("-", command).replace("--", "") + ".log");
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
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("scripts/stack.sh " + String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + output);
        }
        return output;
    }

    @Override
    public void close() throws Exception {
        run("stop");
    }
}
