package io.supplyshock.topics;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.supplyshock.schema.CommodityState;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompiledDatumWriterTest {

    private static final int RECORDS_PER_SCHEMA = 100;

    private static List<Schema> everyRecordSchema() {
        return new ClassFileImporter().importPackages("io.supplyshock.schema").stream()
                .filter(c -> c.isAssignableTo(SpecificRecordBase.class) && !c.isNestedClass())
                .map(JavaClass::reflect)
                .map(c -> {
                    try {
                        return (Schema) c.getField("SCHEMA$").get(null);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(c.getName(), e);
                    }
                })
                .toList();
    }

    private static <T> byte[] encode(DatumWriter<T> writer, T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        writer.write(value, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    /** A random record (raw values) as the generated class holds it: dates, timestamps and enums converted. */
    private static <T> T asGenerated(Schema schema, Object random) throws IOException {
        byte[] raw = encode(new GenericDatumWriter<>(schema, new GenericData()), random);
        return new SpecificDatumReader<T>(schema).read(null, DecoderFactory.get().binaryDecoder(raw, null));
    }

    /**
     * Random values of every field, nulls and union branches included, written in raw form and read back as the
     * generated class (dates, timestamps and enums as the app holds them): both writers must give the same bytes.
     */
    @Test
    void writesTheSameBytesAsAvrosWriterForRandomRecordsOfEverySchema() throws IOException {
        List<Schema> schemas = everyRecordSchema();
        assertThat(schemas).extracting(Schema::getName).contains("Alert", "CommodityState", "PolicyEvent", "StatePart", "StorylineSlice");
        long seed = 20261207L;
        int compared = 0;
        for (Schema schema : schemas) {
            SpecificDatumWriter<SpecificRecordBase> avro = new SpecificDatumWriter<>(schema);
            CompiledDatumWriter<SpecificRecordBase> compiled = new CompiledDatumWriter<>(schema);
            for (Object random : new RandomData(schema, RECORDS_PER_SCHEMA, seed++)) {
                SpecificRecordBase record = asGenerated(schema, random);

                byte[] expected = encode(avro, record);
                assertThat(encode(compiled, record)).as(schema.getFullName() + ", random record " + compared).isEqualTo(expected);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(schemas.size() * RECORDS_PER_SCHEMA);
    }

    @Test
    void aMissingRequiredFieldIsNamedWithTheRecordsAroundIt() throws IOException {
        Schema schema = CommodityState.getClassSchema();
        CommodityState state = asGenerated(schema, new RandomData(schema, 1, 7L).iterator().next());
        state.setCommodity(null);

        assertThatThrownBy(() -> encode(new CompiledDatumWriter<>(schema), state))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("null value, not allowed, in field commodity");
    }
}
