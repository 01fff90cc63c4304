package io.supplyshock.publish;

import io.supplyshock.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AvroProducerFactoryTest {

    @Test
    void userSettingsOverrideTimeoutsButNotTheDeliveryGuarantees() {
        AppConfig config = AppConfig.of(Map.of("bootstrap.servers", "broker:9092",
                "kafka.max.block.ms", "5000", "kafka.enable.idempotence", "false", "kafka.acks", "1"));
        Map<String, Object> props = AvroProducerFactory.producerConfig(config, "supplyshock-publisher-abc");

        assertThat(props).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("max.block.ms", "5000")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("transactional.id", "supplyshock-publisher-abc")
                .containsEntry("delivery.timeout.ms", 30_000);
        assertThat(AvroProducerFactory.maxBlock(props)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void transactionalIdsAreUniquePerRun() {
        String a = AvroProducerFactory.transactionalId("supplyshock-publisher");
        assertThat(a).startsWith("supplyshock-publisher-").hasSize("supplyshock-publisher-".length() + 8);
        assertThat(AvroProducerFactory.transactionalId("supplyshock-publisher")).isNotEqualTo(a);
    }
}
