package io.supplyshock.publish;

import io.supplyshock.topics.RegistryClients;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.supplyshock.config.AppConfig;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one place the tools' Kafka producer is configured: string keys, registry Avro values,
 * idempotent and transactional, with timeouts short enough that an unreachable broker is reported
 * within seconds instead of hanging a command line.
 */
public final class AvroProducerFactory {

    /** How long a call may wait for an unreachable broker before the tool gives up. */
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(30);

    private AvroProducerFactory() {
    }

    /**
     * Producer settings, in increasing precedence: the tool's timeout defaults, the user's client
     * settings ({@link AppConfig#clientConfig()}, so security and timeouts can be overridden), then the
     * guarantees the publishers rely on (idempotence, acks=all, transactions), which cannot be.
     */
    public static Map<String, Object> producerConfig(AppConfig config, String transactionalId) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) DEFAULT_MAX_BLOCK.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEFAULT_MAX_BLOCK.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        props.putAll(config.clientConfig());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return props;
    }

    /**
     * A transactional id unique to this run. Runs never share one, so two publishers started at once
     * do not fence each other; an abandoned run's open transaction simply times out.
     */
    public static String transactionalId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Producer<String, SpecificRecord> create(Map<String, Object> producerConfig, AppConfig config) {
        // The registry serializer derives the subject from the topic (<topic>-value), like the streams app's serdes.
        AvroKafkaSerializer<SpecificRecord> values = RegistryClients.serializer(config);
        return new KafkaProducer<>(producerConfig, new StringSerializer(), values);
    }

    /** The max.block.ms in effect, for error messages ("within 30s"). */
    public static Duration maxBlock(Map<String, Object> producerConfig) {
        Object raw = producerConfig.get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        try {
            return Duration.ofMillis(Long.parseLong(String.valueOf(raw).trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_BLOCK;
        }
    }
}
