package io.supplyshock.topics;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Avro binary serdes with the writer's schema fixed by the class, for in-process runs (the offline
 * evaluation, TopologyTestDriver tests) where
 * no registry runs. Like the registry wire format it starts with a magic byte, and rejects bytes
 * without it, so undecodable input behaves as it does against the real registry serde.
 */
public final class PlainAvroSerdes implements AvroSerdes {

    private static final byte MAGIC = 0x5A;

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : encode(value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : decode(type, bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static <T extends SpecificRecord> byte[] encode(T value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(MAGIC);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<T>(value.getSchema()).write(value, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    private static <T extends SpecificRecord> T decode(Class<T> type, byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != MAGIC) {
            throw new SerializationException("unknown magic byte");
        }
        try {
            var schema = ((SpecificRecordBase) type.getDeclaredConstructor().newInstance()).getSchema();
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
            return new SpecificDatumReader<T>(schema).read(null, decoder);
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
