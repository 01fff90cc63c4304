package io.supplyshock.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Plain JSON for Avro records, as API users expect it: unions unwrapped, timestamps and dates as
 * ISO-8601 strings, enums as their names. (Avro's own JSON encoding wraps every union value in a
 * type object, which is right for round trips and wrong for people.)
 */
public final class AvroJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    public static JsonNode toJson(Object value) {
        if (value == null) return NODES.nullNode();
        if (value instanceof IndexedRecord record) {
            ObjectNode node = NODES.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                node.set(field.name(), toJson(record.get(field.pos())));
            }
            return node;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), toJson(v)));
            return node;
        }
        if (value instanceof Integer i) return NODES.numberNode(i);
        if (value instanceof Long l) return NODES.numberNode(l);
        if (value instanceof Double d) return NODES.numberNode(d);
        if (value instanceof Float f) return NODES.numberNode(f);
        if (value instanceof Boolean b) return NODES.booleanNode(b);
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] raw = new byte[copy.remaining()];
            copy.get(raw);
            return NODES.textNode(Base64.getEncoder().encodeToString(raw));
        }
        if (value instanceof Instant || value instanceof LocalDate || value instanceof GenericContainer || value instanceof Enum<?>
                || value instanceof CharSequence) {
            return NODES.textNode(value.toString());
        }
        return NODES.textNode(String.valueOf(value));
    }
}
