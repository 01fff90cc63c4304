package io.supplyshock.topics;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Apicurio's default datum provider caches readers and writers by the schema's parsing fingerprint, but
 * computes that fingerprint (a full normalisation of the schema to text) on every record: a profile of
 * the pipeline under load showed it as the largest single cost, ahead of Avro encoding itself. Writer
 * schemas are the generated classes' static instances and reader schemas come from the serde's own
 * id cache, so the same {@link Schema} object comes back for every record: looking it up by identity
 * skips the fingerprint. Selected with {@code apicurio.registry.avro-datum-provider}; behaviour is
 * otherwise the default provider's, which still builds each reader and writer.
 */
public final class SchemaCachingDatumProvider<T> implements AvroDatumProvider<T> {

    /** Distinct schema objects seen by one serde; past this the cache stops growing and calls pass through. */
    static final int MAX_CACHED_SCHEMAS = 256;

    private final DefaultAvroDatumProvider<T> delegate = new DefaultAvroDatumProvider<>();
    private final ConcurrentHashMap<SchemaIdentity, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SchemaIdentity, DatumWriter<T>> genericWriters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SchemaIdentity, DatumReader<T>> readers = new ConcurrentHashMap<>();

    @Override
    public void configure(AvroSerdeConfig config) {
        delegate.configure(config);
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        var cache = data instanceof org.apache.avro.specific.SpecificRecord ? specificWriters : genericWriters;
        SchemaIdentity key = new SchemaIdentity(schema);
        DatumWriter<T> writer = cache.get(key);
        if (writer != null) return writer;
        writer = delegate.createDatumWriter(data, schema);
        if (cache.size() < MAX_CACHED_SCHEMAS) cache.putIfAbsent(key, writer);
        return writer;
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        SchemaIdentity key = new SchemaIdentity(schema);
        DatumReader<T> reader = readers.get(key);
        if (reader != null) return reader;
        reader = delegate.createDatumReader(schema);
        if (readers.size() < MAX_CACHED_SCHEMAS) readers.putIfAbsent(key, reader);
        return reader;
    }

    @Override
    public Schema toSchema(T data) {
        return delegate.toSchema(data);
    }

    int cachedSchemas() {
        return specificWriters.size() + genericWriters.size() + readers.size();
    }

    /** A schema compared by reference: equal content in another object is a miss, never a wrong hit. */
    private record SchemaIdentity(Schema schema) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SchemaIdentity that && that.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }
}
