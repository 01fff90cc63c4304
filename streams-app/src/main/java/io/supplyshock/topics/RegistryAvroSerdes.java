package io.supplyshock.topics;

import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.supplyshock.config.AppConfig;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.Map;

/**
 * Avro serdes backed by Apicurio Registry. With the serde defaults the wire format is Confluent's
 * (magic byte 0, 4-byte content id), so Confluent clients pointed at the registry's ccompat API
 * read the same bytes; schemas register under the subject {@code <topic>-value}. Every serde shares one
 * bounded registry client ({@link RegistryClients}), so no registry call can block a stream thread for ever.
 */
public final class RegistryAvroSerdes implements AvroSerdes {

    private final Map<String, Object> serdeConfig;
    private final RegistryClientFacade registry;

    public RegistryAvroSerdes(AppConfig config) {
        this.serdeConfig = Map.copyOf(config.serdeConfig());
        this.registry = RegistryClients.facade(config);
    }

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>(registry);
        serializer.configure(serdeConfig, false);
        boolean idInHeaders = Boolean.parseBoolean(String.valueOf(serdeConfig.getOrDefault(KafkaSerdeConfig.ENABLE_HEADERS, "false")));
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>(registry);
        deserializer.configure(serdeConfig, false);
        return Serdes.serdeFrom(new ReusingAvroSerializer<>(serializer, idInHeaders), deserializer);
    }
}
