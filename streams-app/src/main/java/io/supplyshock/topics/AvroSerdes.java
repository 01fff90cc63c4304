package io.supplyshock.topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Makes value serdes for the generated Avro classes; production uses the registry, tests a plain binary codec. */
@FunctionalInterface
public interface AvroSerdes {
    <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type);
}
