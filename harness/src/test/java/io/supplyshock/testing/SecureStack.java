package io.supplyshock.testing;

import io.supplyshock.config.AppConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A secure stack ({@code scripts/stack.sh start --secure}: SASL_SSL, SCRAM-SHA-512, ACLs) of its own, in
 * {@code target/it-secure-stack} on free loopback ports, so it never touches the plaintext {@link RealStack}
 * the other integration tests share. The credentials are the ones the script generated, read from the
 * client properties files it writes for each principal.
 */
public final class SecureStack implements AutoCloseable {

    private final StackScript script;

    private SecureStack(Path projectRoot) throws IOException {
        script = new StackScript(projectRoot, "it-secure-stack");
    }

    /** A fresh secure stack: earlier data, certificates and passwords are deleted first. */
    public static SecureStack start() throws Exception {
        SecureStack stack = new SecureStack(RealStack.locateProjectRoot());
        stack.run("reset");
        stack.run("start", "--secure");
        return stack;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + script.kafkaPort;
    }

    public String registryUrl() {
        return "http://127.0.0.1:" + script.registryPort + "/apis/registry/v3";
    }

    public Path projectRoot() {
        return script.projectRoot;
    }

    public Path secureDir() {
        return script.stackDir.resolve("secure");
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

    /** Output of {@code scripts/stack.sh ARGS} on this stack. */
    public String run(String... command) throws IOException, InterruptedException {
        return script.run(command);
    }

    @Override
    public void close() throws Exception {
        run("stop");
    }
}
