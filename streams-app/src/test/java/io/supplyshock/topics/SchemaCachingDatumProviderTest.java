package io.supplyshock.topics;

import io.supplyshock.schema.DeadLetter;
import io.supplyshock.schema.DeadLetterReason;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SchemaCachingDatumProviderTest {

    private final SchemaCachingDatumProvider<SpecificRecord> provider = configured();

    private static SchemaCachingDatumProvider<SpecificRecord> configured() {
        var provider = new SchemaCachingDatumProvider<SpecificRecord>();
        provider.configure(new io.apicurio.registry.serde.avro.AvroSerdeConfig(
                Map.of("apicurio.registry.use-specific-avro-reader", "true")));
        return provider;
    }

    @Test
    void theSameSchemaObjectGetsTheSameReaderAndWriter() {
        DeadLetter shock = shock();
        assertSame(provider.createDatumWriter(shock, shock.getSchema()), provider.createDatumWriter(shock, shock.getSchema()));
        assertSame(provider.createDatumReader(DeadLetter.getClassSchema()), provider.createDatumReader(DeadLetter.getClassSchema()));
        assertEquals(2, provider.cachedSchemas());
    }

    @Test
    void anEqualSchemaInAnotherObjectIsAMissThatStillDecodes() throws IOException {
        Schema copy = new Schema.Parser().parse(DeadLetter.getClassSchema().toString());
        provider.createDatumReader(DeadLetter.getClassSchema());
        var fromCopy = provider.createDatumReader(copy);
        assertEquals(2, provider.cachedSchemas(), "a copy is its own identity entry");

        DeadLetter shock = shock();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        provider.createDatumWriter(shock, shock.getSchema()).write(shock, encoder);
        encoder.flush();
        SpecificRecord decoded = fromCopy.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertEquals(shock, decoded);
    }

    @Test
    void theCacheStopsGrowingAtItsCapAndCallsStillWork() {
        for (int i = 0; i < SchemaCachingDatumProvider.MAX_CACHED_SCHEMAS + 50; i++) {
            provider.createDatumReader(new Schema.Parser().parse(DeadLetter.getClassSchema().toString()));
        }
        assertEquals(SchemaCachingDatumProvider.MAX_CACHED_SCHEMAS, provider.cachedSchemas());
    }

    private static DeadLetter shock() {
        return DeadLetter.newBuilder().setReason(DeadLetterReason.values()[0]).setDetail("quantity is NaN").setEventId("e1")
                .setSourceTopic("supply.market-events").setSourcePartition(2).setSourceOffset(41)
                .setSourceTimestamp(java.time.Instant.EPOCH).setFailedAt(java.time.Instant.EPOCH).build();
    }
}
