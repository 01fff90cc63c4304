package io.supplyshock.topics;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Writes the same Avro binary as {@link org.apache.avro.specific.SpecificDatumWriter}, with every decision that
 * depends on the schema alone taken once, when the writer is built.
 *
 * <p>Avro generates its own fast encoders only for schemas without logical types, and every record here has a
 * date or a timestamp somewhere. Without them, the generic writer looks up each field's conversion, and resolves
 * each nullable field's branch by naming the value's type and hashing that name, for every value it writes: in a
 * flight recording of the app's stream threads, encoding took 14% of their time, most of it in that
 * per-value bookkeeping. Here a record's writer is a list of its fields' writers; a nullable field writes its branch
 * index on a null check; a logical type converts with the conversion the generated class registered.
 *
 * <p>The serializers check the first record of every topic against the registry serializer's bytes
 * ({@link ReusingAvroSerializer}), and {@code CompiledDatumWriterTest} against Avro's writer over random records
 * of every schema the project has.
 */
public final class CompiledDatumWriter<T> implements DatumWriter<T> {

    @FunctionalInterface
    private interface ValueWriter {
        void write(Object value, Encoder out) throws IOException;
    }

    private final GenericData data;
    private ValueWriter root;

    public CompiledDatumWriter(Schema schema) {
        this.data = SpecificData.getForSchema(schema);
        setSchema(schema);
    }

    @Override
    public void setSchema(Schema schema) {
        root = compile(schema, new HashMap<>());
    }

    @Override
    public void write(T datum, Encoder out) throws IOException {
        root.write(datum, out);
    }

    /** {@code records} holds the writer of each record met so far, so that a recursive schema refers back to it. */
    private ValueWriter compile(Schema schema, Map<Schema, ValueWriter[]> records) {
        LogicalType logicalType = schema.getLogicalType();
        ValueWriter raw = compileRaw(schema, records);
        if (logicalType == null) return raw;
        @SuppressWarnings("unchecked")
        Conversion<Object> conversion = (Conversion<Object>) data.getConversionFor(logicalType);
        if (conversion == null) return raw;
        Class<?> converted = conversion.getConvertedType();
        // A value already in its raw form (a long for a timestamp, say) is written as it is, as Avro's writer does.
        return (value, out) -> raw.write(converted.isInstance(value)
                ? Conversions.convertToRawType(value, schema, logicalType, conversion) : value, out);
    }

    private ValueWriter compileRaw(Schema schema, Map<Schema, ValueWriter[]> records) {
        return switch (schema.getType()) {
            case RECORD -> record(schema, records);
            case UNION -> union(schema, records);
            case ARRAY -> array(compile(schema.getElementType(), records));
            case MAP -> map(compile(schema.getValueType(), records));
            case ENUM -> (value, out) -> out.writeEnum(value instanceof Enum<?> e ? e.ordinal() : schema.getEnumOrdinal(value.toString()));
            case STRING -> (value, out) -> out.writeString(value instanceof CharSequence text ? text : value.toString());
            case BYTES -> (value, out) -> {
                if (value instanceof byte[] bytes) out.writeBytes(bytes);
                else out.writeBytes((ByteBuffer) value);
            };
            case FIXED -> (value, out) -> out.writeFixed(((GenericFixed) value).bytes(), 0, schema.getFixedSize());
            case INT -> (value, out) -> out.writeInt(((Number) value).intValue());
            case LONG -> (value, out) -> out.writeLong(((Number) value).longValue());
            case FLOAT -> (value, out) -> out.writeFloat(((Number) value).floatValue());
            case DOUBLE -> (value, out) -> out.writeDouble(((Number) value).doubleValue());
            case BOOLEAN -> (value, out) -> out.writeBoolean((Boolean) value);
            case NULL -> (value, out) -> {
                if (value != null) throw new AvroRuntimeException("not null: " + value);
                out.writeNull();
            };
        };
    }

    private ValueWriter record(Schema schema, Map<Schema, ValueWriter[]> records) {
        ValueWriter[] self = records.get(schema);
        if (self != null) return (value, out) -> self[0].write(value, out);
        ValueWriter[] holder = new ValueWriter[1];
        records.put(schema, holder);
        List<Schema.Field> fields = schema.getFields();
        // A field's position is its index in the list.
        ValueWriter[] writers = new ValueWriter[fields.size()];
        for (int i = 0; i < writers.length; i++) writers[i] = compile(fields.get(i).schema(), records);
        holder[0] = (value, out) -> {
            IndexedRecord record = (IndexedRecord) value;
            for (int i = 0; i < writers.length; i++) {
                Object field = record.get(i);
                try {
                    writers[i].write(field, out);
                } catch (NullPointerException e) {
                    // Avro's writer names the field that failed, outermost last; a bare exception here would name none.
                    throw named(new NullPointerException(describe(e, field) + " in field " + fields.get(i).name()), e);
                } catch (ClassCastException e) {
                    throw named(new ClassCastException(describe(e, field) + " in field " + fields.get(i).name()), e);
                }
            }
        };
        return holder[0];
    }

    private static String describe(RuntimeException e, Object field) {
        if (field == null) return "null value, not allowed,";
        return e.getMessage() != null ? e.getMessage() : "value of " + field.getClass().getName();
    }

    private static <E extends RuntimeException> E named(E named, RuntimeException cause) {
        named.initCause(cause);
        return named;
    }

    private ValueWriter union(Schema schema, Map<Schema, ValueWriter[]> records) {
        List<Schema> branches = schema.getTypes();
        ValueWriter[] writers = new ValueWriter[branches.size()];
        for (int i = 0; i < writers.length; i++) writers[i] = compile(branches.get(i), records);
        Integer nullIndex = schema.getIndexNamed(Schema.Type.NULL.getName());
        if (branches.size() == 2 && nullIndex != null) {
            int nullBranch = nullIndex;
            int other = 1 - nullBranch;
            ValueWriter otherWriter = writers[other];
            return (value, out) -> {
                if (value == null) {
                    out.writeIndex(nullBranch);
                    out.writeNull();
                } else {
                    out.writeIndex(other);
                    otherWriter.write(value, out);
                }
            };
        }
        return (value, out) -> {
            int branch = data.resolveUnion(schema, value);
            out.writeIndex(branch);
            writers[branch].write(value, out);
        };
    }

    private static ValueWriter array(ValueWriter element) {
        return (value, out) -> {
            Collection<?> items = (Collection<?>) value;
            out.writeArrayStart();
            out.setItemCount(items.size());
            if (items instanceof List<?> list && items instanceof RandomAccess) {
                for (int i = 0, n = list.size(); i < n; i++) {
                    out.startItem();
                    element.write(list.get(i), out);
                }
            } else {
                for (Object item : items) {
                    out.startItem();
                    element.write(item, out);
                }
            }
            out.writeArrayEnd();
        };
    }

    private static ValueWriter map(ValueWriter valueWriter) {
        return (value, out) -> {
            Map<?, ?> entries = (Map<?, ?>) value;
            out.writeMapStart();
            out.setItemCount(entries.size());
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                out.startItem();
                out.writeString(entry.getKey().toString());
                valueWriter.write(entry.getValue(), out);
            }
            out.writeMapEnd();
        };
    }
}
