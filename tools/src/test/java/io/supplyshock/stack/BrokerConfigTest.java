package io.supplyshock.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigTest {

    private static final Path DATA = Path.of("/stacks/one/kafka/data");
    private static final BrokerConfig.Security SECURITY = new BrokerConfig.Security("AdminPass123", Path.of("/stacks/one/secure/broker.keystore.p12"),
            "KeyPass456", Path.of("/stacks/one/secure/truststore.p12"), "TrustPass789");

    /** Where a broker listens and how each listener is secured, as its server.properties says it. */
    private static String listenerSettings(Map<String, String> settings) {
        return Stream.of("listeners", "advertised.listeners", "controller.quorum.voters", "inter.broker.listener.name", "listener.security.protocol.map")
                .map(k -> k + "=" + settings.get(k)).collect(Collectors.joining("\n"));
    }

    static Stream<Arguments> listeners() {
        return Stream.of(
                Arguments.of("plain, loopback", BrokerConfig.Listeners.loopback(19092, 19093), null, """
                        listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093
                        advertised.listeners=PLAINTEXT://127.0.0.1:19092
                        controller.quorum.voters=1@127.0.0.1:19093
                        inter.broker.listener.name=PLAINTEXT
                        listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"""),
                Arguments.of("secure, loopback", BrokerConfig.Listeners.loopback(9092, 9093), SECURITY, """
                        listeners=SASL_SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
                        advertised.listeners=SASL_SSL://127.0.0.1:9092
                        controller.quorum.voters=1@127.0.0.1:9093
                        inter.broker.listener.name=SASL_SSL
                        listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL"""),
                // In a container network the broker listens everywhere under its name, and on a published port for the host.
                Arguments.of("secure, compose", new BrokerConfig.Listeners(9095, 9093, "kafka-secure", 9094), SECURITY, """
                        listeners=SASL_SSL://:9095,CONTROLLER://:9093,HOST://:9094
                        advertised.listeners=SASL_SSL://kafka-secure:9095,HOST://127.0.0.1:9094
                        controller.quorum.voters=1@kafka-secure:9093
                        inter.broker.listener.name=SASL_SSL
                        listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,HOST:SASL_SSL"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listeners")
    void theBrokerListensAndAdvertisesWhereItsClientsReachIt(String name, BrokerConfig.Listeners listeners, BrokerConfig.Security security,
                                                             String expected) {
        Map<String, String> settings = BrokerConfig.settings(listeners, 3, DATA, security);
        assertThat(Stream.of("listeners", "advertised.listeners", "controller.quorum.voters", "inter.broker.listener.name",
                "listener.security.protocol.map").map(k -> k + "=" + settings.get(k)).collect(Collectors.joining("\n"))).isEqualTo(expected);
    }

    @Test
    void aPlainBrokerHasNoSaslTlsOrAuthorizerAndTheSingleNodeSettings() {
        Map<String, String> plain = BrokerConfig.settings(BrokerConfig.Listeners.loopback(19092, 19093), 6, DATA, null);
        assertThat(plain).containsEntry("log.dirs", "/stacks/one/kafka/data").containsEntry("num.partitions", "6")
                .containsAllEntriesOf(BrokerConfig.SINGLE_NODE).containsEntry("auto.create.topics.enable", "false");
        assertThat(plain.keySet()).noneMatch(k -> k.startsWith("sasl") || k.startsWith("ssl") || k.startsWith("listener.name"))
                .doesNotContain("authorizer.class.name", "super.users");
    }

    @Test
    void aSecureBrokerTakesScramOverTlsWithAclsAndLogsInToItsControllerWithPlain() {
        Map<String, String> secure = BrokerConfig.settings(BrokerConfig.Listeners.loopback(9092, 9093), 3, DATA, SECURITY);
        assertThat(BrokerConfig.render(secure)).contains("""
                sasl.enabled.mechanisms=SCRAM-SHA-512
                sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
                listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
                username="supplyshock-admin" password="AdminPass123";
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \
                username="supplyshock-admin" password="AdminPass123" user_supplyshock-admin="AdminPass123";
                ssl.keystore.type=PKCS12
                ssl.keystore.location=/stacks/one/secure/broker.keystore.p12
                ssl.keystore.password=KeyPass456
                ssl.key.password=KeyPass456
                ssl.truststore.type=PKCS12
                ssl.truststore.location=/stacks/one/secure/truststore.p12
                ssl.truststore.password=TrustPass789
                ssl.client.auth=none
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                allow.everyone.if.no.acl.found=false
                super.users=User:supplyshock-admin
                """);
        assertThat(secure).doesNotContainKey("listener.name.host.scram-sha-512.sasl.jaas.config");
        assertThat(BrokerConfig.settings(new BrokerConfig.Listeners(9095, 9093, "kafka-secure", 9094), 3, DATA, SECURITY))
                .containsEntry("listener.name.host.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }

    @Test
    void theRenderedFileReadsBackAsTheSameSettings() throws IOException {
        Map<String, String> secure = BrokerConfig.settings(BrokerConfig.Listeners.loopback(9092, 9093), 3, DATA, SECURITY);
        Properties read = new Properties();
        read.load(new StringReader(BrokerConfig.render(secure)));
        assertThat(read).hasSize(secure.size());
        secure.forEach((k, v) -> assertThat(read.getProperty(k)).as(k).isEqualTo(v));
    }

    @Test
    void aValueAPropertiesFileWouldAlterIsRefused() {
        BrokerConfig.Security windowsPath = new BrokerConfig.Security("a", Path.of("C:\\stack\\broker.p12"), "b", Path.of("t"), "c");
        assertThatThrownBy(() -> BrokerConfig.render(BrokerConfig.settings(BrokerConfig.Listeners.loopback(1, 2), 1, DATA, windowsPath)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ssl.keystore.location");
    }
}
