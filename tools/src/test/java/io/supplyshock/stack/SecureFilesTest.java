package io.supplyshock.stack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SecureFilesTest {

    @TempDir
    static Path stack;
    static SecureFiles files;
    static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void create() throws Exception {
        files = new SecureFiles(stack.resolve("secure"));
        assertThat(files.enabled()).isFalse();
        files.create(List.of(), log::add);
    }

    @Test
    void everyUserAndStoreGetsItsOwnRandomPasswordReadableByTheOwnerOnly() throws Exception {
        List<String> names = List.of("keystore", "truststore", "supplyshock-admin", "supplyshock-app", "supplyshock-publisher", "supplyshock-consumer");
        List<String> passwords = new ArrayList<>();
        for (String name : names) {
            passwords.add(files.password(name));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.dir().resolve("passwords").resolve(name)))).isEqualTo("rw-------");
        }
        assertThat(passwords).allMatch(p -> p.matches("[A-Za-z0-9]{32}")).doesNotHaveDuplicates();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.dir()))).isEqualTo("rwx------");
        assertThat(files.enabled()).isTrue();
    }

    @Test
    void eachPrincipalsClientPropertiesLogInAsItWithScramOverTls() throws Exception {
        Properties app = new Properties();
        try (Reader reader = Files.newBufferedReader(files.clientProperties(Principal.APP))) {
            app.load(reader);
        }
        assertThat(app.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(app.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(app.getProperty("sasl.jaas.config")).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"supplyshock-app\" password=\"" + files.password(Principal.APP) + "\";");
        assertThat(app.getProperty("ssl.truststore.location")).isEqualTo(files.dir().resolve("truststore.p12").toString());
        assertThat(app.getProperty("ssl.truststore.password")).isEqualTo(files.password("truststore"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.clientProperties(Principal.APP)))).isEqualTo("rw-------");

        assertThat(Files.readAllLines(files.dir().resolve("supplyshock-consumer.properties")))
                .allMatch(l -> l.startsWith("kafka."))
                .contains("kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"supplyshock-consumer\" password=\"" + files.password(Principal.CONSUMER) + "\";");
    }

    @Test
    void bashGetsTheExactSettingsBackFromTheEnvFile() throws Exception {
        Path env = files.dir().resolve("client-publisher.env");
        Process bash = new ProcessBuilder("bash", "-c", "source \"$1\" && printf '%s\\n' \"$SUPPLYSHOCK_KAFKA_CONFIG_SASL_JAAS_CONFIG\" "
                + "\"$SUPPLYSHOCK_KAFKA_CONFIG_SSL_TRUSTSTORE_LOCATION\" \"$SUPPLYSHOCK_KAFKA_CONFIG_SECURITY_PROTOCOL\"", "_", env.toString())
                .redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"supplyshock-publisher\" password=\""
                        + files.password(Principal.PUBLISHER) + "\";",
                files.truststore().toString(),
                "SASL_SSL");
    }

    @Test
    void aSecondRunKeepsPasswordsAndCertificatesSoTheFormattedBrokerAndItsClientsStayValid() throws Exception {
        String admin = files.password(Principal.ADMIN);
        byte[] ca = Files.readAllBytes(files.dir().resolve("ca.crt"));
        List<String> secondLog = new ArrayList<>();
        files.create(List.of(), secondLog::add);
        assertThat(files.password(Principal.ADMIN)).isEqualTo(admin);
        assertThat(Files.readAllBytes(files.dir().resolve("ca.crt"))).isEqualTo(ca);
        assertThat(log).anyMatch(l -> l.startsWith("generating a CA"));
        assertThat(secondLog).isEmpty();
    }

    @Test
    void exportsEscapeWhatBashWouldOtherwiseInterpret() {
        assertThat(SecureFiles.exports(java.util.Map.of("sasl.jaas.config", "a b\"c;$d")))
                .isEqualTo("export SUPPLYSHOCK_KAFKA_CONFIG_SASL_JAAS_CONFIG=a\\ b\\\"c\\;\\$d\n");
    }
}
