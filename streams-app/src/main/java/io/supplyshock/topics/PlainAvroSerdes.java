package io.supplyshock.topics;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Avro serdes for in-process runs (the offline evaluation, TopologyTestDriver tests) where no registry
 * runs. The bytes have the production wire format: magic byte 0, a 4-byte schema id, then Avro binary.
 * Without a registry the id is derived from the schema's fingerprint, and a frame whose id is not the
 * type's is refused as the registry serde refuses an id it cannot resolve; a wrong magic byte gets the
 * registry serde's own message. Undecodable input therefore takes the same path as in production.
 */
public final class PlainAvroSerdes implements AvroSerdes {

    static final byte MAGIC = 0x0;

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        int id = schemaId(schema);
        CompiledDatumWriter<T> writer = new CompiledDatumWriter<>(schema);
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema);
        Serializer<T> serializer = (topic, value) -> value == null ? null : encode(writer, id, value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : decode(reader, id, type, bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** The id this codec writes for a schema: stable across runs, positive like a registry's ids. */
    public static int schemaId(Schema schema) {
        return (int) (SchemaNormalization.parsingFingerprint64(schema) & 0x7fffffffL);
    }

    private static <T> byte[] encode(CompiledDatumWriter<T> writer, int id, T value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(MAGIC);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(value, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    private static <T> T decode(SpecificDatumReader<T> reader, int id, Class<T> type, byte[] bytes) {
        if (bytes.length < 5 || bytes[0] != MAGIC) throw new SerializationException("Unknown magic byte!");
        int written = ByteBuffer.wrap(bytes, 1, 4).getInt();
        if (written != id) {
            throw new SerializationException("no schema with id " + written + " (this codec knows " + type.getSimpleName() + " as " + id + ")");
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
            synchronized (reader) {
                return reader.read(null, decoder);
            }
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
