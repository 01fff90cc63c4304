package io.supplyshock.config;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"supplyshock-app\" password=\"s3cr3tPw\";";

    @Test
    void keysNamingCredentialsAreMasked() {
        for (String key : List.of("sasl.jaas.config", "ssl.truststore.password", "ssl.keystore.password", "ssl.key.password",
                "apicurio.registry.auth.client.secret", "sasl.oauthbearer.token", "basic.auth.user.info", "aws.credentials",
                "SUPPLYSHOCK_KAFKA_CONFIG_SASL_JAAS_CONFIG")) {
            assertThat(Secrets.isSecret(key)).as(key).isTrue();
            assertThat(Secrets.mask(key, "s3cr3tPw")).as(key).isEqualTo("[hidden]");
        }
        for (String key : List.of("bootstrap.servers", "security.protocol", "sasl.mechanism", "ssl.truststore.location",
                "sasl.oauthbearer.token.endpoint.url", "application.id")) {
            assertThat(Secrets.isSecret(key)).as(key).isFalse();
            assertThat(Secrets.mask(key, "SASL_SSL")).as(key).isEqualTo("SASL_SSL");
        }
    }

    @Test
    void userInfoInAUrlIsMasked() {
        assertThat(Secrets.mask("registry.url", "https://reader:s3cr3tPw@registry.example:8443/apis/registry/v3"))
                .isEqualTo("https://[hidden]@registry.example:8443/apis/registry/v3");
        assertThat(Secrets.mask("registry.url", "http://127.0.0.1:8081/apis/registry/v3")).isEqualTo("http://127.0.0.1:8081/apis/registry/v3");
        assertThat(Secrets.mask("registry.url", null)).isNull();
    }

    @Test
    void appConfigPrintsNoCredential() {
        AppConfig config = AppConfig.load(null, Map.of(
                "SUPPLYSHOCK_KAFKA_CONFIG_SASL_JAAS_CONFIG", JAAS,
                "SUPPLYSHOCK_KAFKA_CONFIG_SSL_TRUSTSTORE_PASSWORD", "tsPw12345",
                "SUPPLYSHOCK_KAFKA_CONFIG_SECURITY_PROTOCOL", "SASL_SSL",
                "SUPPLYSHOCK_REGISTRY_URL", "https://reader:regPw999@registry.example/apis/registry/v3"), new Properties());
        // The real values still reach the clients.
        assertThat(config.kafkaOverrides()).containsEntry("sasl.jaas.config", JAAS).containsEntry("ssl.truststore.password", "tsPw12345");
        String printed = config.toString();
        assertThat(printed).doesNotContain("s3cr3tPw").doesNotContain("tsPw12345").doesNotContain("regPw999")
                .contains("kafka.sasl.jaas.config=[hidden]").contains("kafka.security.protocol=SASL_SSL")
                .contains("registry.url=https://[hidden]@registry.example/apis/registry/v3");
    }

    @Test
    void kafkaTypesItsCredentialSettingsAsPasswordsSoItsOwnDumpsHideThem() {
        for (ConfigDef def : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef(), StreamsConfig.configDef())) {
            for (String key : List.of("sasl.jaas.config", "ssl.truststore.password", "ssl.keystore.password", "ssl.key.password")) {
                ConfigDef.ConfigKey k = def.configKeys().get(key);
                if (k == null) continue; // StreamsConfig passes client security settings through to the clients' own configs
                assertThat(k.type).as(key).isEqualTo(ConfigDef.Type.PASSWORD);
            }
        }
        assertThat(ProducerConfig.configDef().configKeys().get("sasl.jaas.config").type).isEqualTo(ConfigDef.Type.PASSWORD);
        ProducerConfig parsed = new ProducerConfig(Map.of("bootstrap.servers", "127.0.0.1:1", "sasl.jaas.config", JAAS,
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
        assertThat(String.valueOf(parsed.values().get("sasl.jaas.config"))).isEqualTo("[hidden]");
    }
}
