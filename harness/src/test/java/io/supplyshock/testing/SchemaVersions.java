package io.supplyshock.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;

/** Other versions of the project's schemas, as a producer on an older or newer release would write them. */
public final class SchemaVersions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaVersions() {
    }

    /** The record written with its own class and read back as a generic record of another version of the schema. */
    public static GenericRecord asVersion(SpecificRecord record, Schema version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(record.getSchema(), version).read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    /** {@code schema} with one more field; {@code defaultJson} null for none. */
    public static Schema withField(Schema schema, String name, String type, String defaultJson) throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(schema.toString());
        ObjectNode field = JSON.createObjectNode().put("name", name);
        field.set("type", JSON.readTree(type));
        if (defaultJson != null) field.set("default", JSON.readTree(defaultJson));
        ((ArrayNode) tree.get("fields")).add(field);
        return new Schema.Parser().parse(tree.toString());
    }

    public static Schema without(Schema schema, Set<String> names) throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(schema.toString());
        ArrayNode kept = JSON.createArrayNode();
        tree.get("fields").forEach(f -> {
            if (!names.contains(f.get("name").asText())) kept.add(f);
        });
        tree.set("fields", kept);
        return new Schema.Parser().parse(tree.toString());
    }
}
