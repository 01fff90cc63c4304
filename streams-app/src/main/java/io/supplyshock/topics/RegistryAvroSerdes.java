package io.supplyshock.topics;

import io.apicurio.registry.serde.avro.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import java.util.Map;

/**
 * Avro serdes backed by Apicurio Registry. With the serde defaults the wire format is Confluent's
 * (magic byte 0, 4-byte content id), so Confluent clients pointed at the registry's ccompat API
 * read the same bytes; schemas register under the subject {@code <topic>-value}.
 */
public final class RegistryAvroSerdes implements AvroSerdes {

    private final Map<String, Object> serdeConfig;

    public RegistryAvroSerdes(Map<String, Object> serdeConfig) {
        this.serdeConfig = Map.copyOf(serdeConfig);
    }

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        AvroSerde<T> serde = new AvroSerde<>();
        serde.configure(serdeConfig, false);
        return serde;
    }
}
