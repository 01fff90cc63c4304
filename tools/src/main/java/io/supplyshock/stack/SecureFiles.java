package io.supplyshock.stack;

import io.supplyshock.config.AppConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The secure stack's secrets and client settings, all in one folder (mode 700, files mode 600):
 * <ul>
 *   <li>{@code passwords/NAME}: 32 random letters and digits for each SCRAM user, the keystore and the truststore;</li>
 *   <li>{@code ca.p12}, {@code ca.crt}, {@code broker.keystore.p12}, {@code truststore.p12}: see {@link Certificates};</li>
 *   <li>{@code client-SHORT.properties}: a principal's Kafka client settings (the Kafka CLI's --command-config);</li>
 *   <li>{@code client-SHORT.env}: the same as {@code export SUPPLYSHOCK_KAFKA_CONFIG_...} lines ({@code stack.sh env --as SHORT});</li>
 *   <li>{@code supplyshock-SHORT.properties}: the same with the app's {@code kafka.} prefix (SUPPLYSHOCK_CONFIG_FILE in compose);</li>
 *   <li>{@code enabled}: present once the folder is complete; the stack is secure from then on.</li>
 * </ul>
 */
public final class SecureFiles {

    static final String KEYSTORE = "keystore";
    static final String TRUSTSTORE = "truststore";
    private static final int PASSWORD_LENGTH = 32;
    // Letters and digits only: a password goes into JAAS strings and into kafka-storage's --add-scram [name=...,password=...].
    private static final String PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Characters bash takes literally in a word; any other is escaped in {@link #exports}. */
    private static final String SHELL_LITERAL = PASSWORD_ALPHABET + "_./:,=@%+-";

    private final Path dir;

    public SecureFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public boolean enabled() {
        return Files.exists(dir.resolve("enabled"));
    }

    public Path brokerKeystore() {
        return dir.resolve("broker.keystore.p12");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public Path clientProperties(Principal principal) {
        return dir.resolve("client-" + principal.shortName() + ".properties");
    }

    /**
     * Makes what is missing and rewrites the client files. Passwords and certificates that exist are kept: the
     * broker's formatted storage holds the admin's credential, and clients may already trust the CA.
     *
     * @param hostNames names the broker is reached by besides 127.0.0.1 and localhost (compose: its service name)
     */
    public void create(List<String> hostNames, Consumer<String> log) throws IOException, StackException, InterruptedException {
        createPrivateDirectory(dir);
        createPrivateDirectory(dir.resolve("passwords"));
        List<String> names = new ArrayList<>(List.of(KEYSTORE, TRUSTSTORE));
        for (Principal p : Principal.values()) names.add(p.user());
        for (String name : names) {
            Path file = passwordFile(name);
            if (!Files.exists(file) || Files.readString(file).isBlank()) writePrivate(file, newPassword());
        }
        if (!Files.exists(brokerKeystore()) || !Files.exists(truststore())) {
            log.accept("generating a CA and the broker's TLS certificate in " + dir);
            Certificates.create(dir, hostNames, password(KEYSTORE), password(TRUSTSTORE));
        }
        for (Principal p : Principal.values()) {
            Map<String, String> settings = clientSettings(p);
            writePrivate(clientProperties(p), propertiesText(settings, ""));
            writePrivate(dir.resolve("supplyshock-" + p.shortName() + ".properties"), propertiesText(settings, "kafka."));
            writePrivate(dir.resolve("client-" + p.shortName() + ".env"), exports(settings));
        }
        Files.writeString(dir.resolve("enabled"), "");
    }

    public String password(String name) throws IOException {
        return Files.readString(passwordFile(name)).trim();
    }

    public String password(Principal principal) throws IOException {
        return password(principal.user());
    }

    /** A principal's Kafka client settings: SCRAM over TLS, trusting the stack's CA. */
    public Map<String, String> clientSettings(Principal principal) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("security.protocol", "SASL_SSL");
        out.put("sasl.mechanism", "SCRAM-SHA-512");
        out.put("sasl.jaas.config", scramLogin(principal.user(), password(principal)));
        out.put("ssl.truststore.type", "PKCS12");
        out.put("ssl.truststore.location", truststore().toString());
        out.put("ssl.truststore.password", password(TRUSTSTORE));
        return out;
    }

    /** The client settings the files hold, as written: what a tool started by hand would read. */
    public Map<String, Object> readClientProperties(Principal principal) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(clientProperties(principal))) {
            props.load(reader);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        return out;
    }

    public BrokerConfig.Security brokerSecurity() throws IOException {
        return new BrokerConfig.Security(password(Principal.ADMIN), brokerKeystore(), password(KEYSTORE), truststore(), password(TRUSTSTORE));
    }

    static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** Written so that no other user can read it at any moment: created with mode 600 before the content goes in. */
    static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }

    static void createPrivateDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }

    /** Each value escaped as bash's printf %q would, so that {@code eval} gives back the exact value. */
    static String exports(Map<String, String> settings) {
        StringBuilder out = new StringBuilder();
        settings.forEach((key, value) -> {
            out.append("export ").append(AppConfig.kafkaEnvName(key)).append('=');
            for (char c : value.toCharArray()) {
                if (SHELL_LITERAL.indexOf(c) < 0) out.append('\\');
                out.append(c);
            }
            out.append('\n');
        });
        return out.toString();
    }

    private Path passwordFile(String name) {
        return dir.resolve("passwords").resolve(name);
    }

    private static String newPassword() {
        StringBuilder out = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) out.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        return out.toString();
    }

    private static String propertiesText(Map<String, String> settings, String prefix) {
        StringBuilder out = new StringBuilder();
        settings.forEach((key, value) -> out.append(prefix).append(key).append('=').append(value).append('\n'));
        return out.toString();
    }
}
