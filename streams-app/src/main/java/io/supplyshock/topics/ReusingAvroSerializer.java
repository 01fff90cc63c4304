package io.supplyshock.topics;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the same bytes as the registry's serializer, with one allocation per record instead of five.
 *
 * <p>Apicurio's serializer resolves the schema once per topic and then, for every record, allocates a fresh
 * output stream, grows it, copies it out and encodes through an unbuffered encoder: a flight recording of the app
 * put a tenth of the stream thread's allocation there. A generated class has one schema, so after the registry's
 * serializer has written the first record of a topic, the bytes before the Avro body (the wire format's magic byte
 * and schema id) are the same for every later record of that topic. This serializer keeps them and encodes the
 * body into a buffer each thread reuses, with a {@link CompiledDatumWriter}.
 *
 * <p>The first record of each topic goes through the registry's serializer, with its registration, deadlines and
 * errors as they are. If its bytes do not end with the Avro body as this class encodes it (headers carrying the
 * id, another encoding), every record of that topic keeps going through the registry's serializer. The registry's
 * serializer encodes with Avro's own writer, so that first record also checks the compiled writer against it.
 */
final class ReusingAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** Topics one serde writes: its own, its stores' changelogs. Past this, records take the registry's path. */
    static final int MAX_TOPICS = 64;
    /** A buffer grown past this for a large record is dropped after it, so each thread keeps at most this. */
    static final int MAX_RETAINED_BYTES = 256 * 1024;
    private static final byte[] NOT_REUSABLE = new byte[0];
    private static final Logger LOG = LoggerFactory.getLogger(ReusingAvroSerializer.class);

    private final Serializer<T> registry;
    private final boolean idInHeaders;
    private final Map<String, byte[]> prefixByTopic = new ConcurrentHashMap<>();
    private final ThreadLocal<Encoding> encodings = ThreadLocal.withInitial(Encoding::new);
    private volatile CompiledDatumWriter<T> writer;

    ReusingAvroSerializer(Serializer<T> registry, boolean idInHeaders) {
        this.registry = registry;
        this.idInHeaders = idInHeaders;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        registry.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (idInHeaders) return registry.serialize(topic, headers, data);
        return serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) return registry.serialize(topic, null);
        byte[] known = prefixByTopic.get(topic);
        if (known == NOT_REUSABLE) return registry.serialize(topic, data);
        if (known != null) return encode(known, data);
        // Past the cap a new topic stays on the registry's path without probing its bytes on every record.
        if (prefixByTopic.size() >= MAX_TOPICS) return registry.serialize(topic, data);
        byte[] first = registry.serialize(topic, data);
        byte[] prefix = prefixOf(first, encode(new byte[0], data));
        if (prefix == NOT_REUSABLE) {
            LOG.warn("records of {} keep going through the registry's serializer: its bytes for the first {} do not end with "
                    + "the Avro body this serializer writes (slower, not wrong)", topic, data.getSchema().getName());
        }
        prefixByTopic.put(topic, prefix);
        return first;
    }

    /** The bytes before the body when {@code whole} ends with it; otherwise the mark that the topic is not reusable. */
    static byte[] prefixOf(byte[] whole, byte[] body) {
        int prefixLength = whole.length - body.length;
        if (prefixLength <= 0 || !Arrays.equals(whole, prefixLength, whole.length, body, 0, body.length)) return NOT_REUSABLE;
        return Arrays.copyOf(whole, prefixLength);
    }

    boolean reuses(String topic) {
        byte[] prefix = prefixByTopic.get(topic);
        return prefix != null && prefix != NOT_REUSABLE;
    }

    private byte[] encode(byte[] prefix, T data) {
        Encoding encoding = encodings.get();
        try {
            encoding.out.reset();
            encoding.out.write(prefix);
            encoding.encoder = EncoderFactory.get().binaryEncoder(encoding.out, encoding.encoder);
            writerFor(data).write(data, encoding.encoder);
            encoding.encoder.flush();
            return encoding.out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + data.getSchema().getFullName(), e);
        } finally {
            encoding.out.dropIfLarge();
        }
    }

    private CompiledDatumWriter<T> writerFor(T data) {
        CompiledDatumWriter<T> w = writer;
        if (w == null) writer = w = new CompiledDatumWriter<>(data.getSchema());
        return w;
    }

    @Override
    public void close() {
        registry.close();
    }

    private static final class Encoding {
        final ReusedBuffer out = new ReusedBuffer();
        BinaryEncoder encoder;
    }

    private static final class ReusedBuffer extends ByteArrayOutputStream {
        ReusedBuffer() {
            super(1024);
        }

        void dropIfLarge() {
            if (buf.length > MAX_RETAINED_BYTES) buf = new byte[1024];
        }
    }
}
