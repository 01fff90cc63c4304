package io.supplyshock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.supplyshock.schema.CommoditySupplyProfile;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.PolicyEvent;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The sample data as Avro records, one JSON object per line, so the pipeline's tests read exactly what the
 * publishers send without depending on the publishers: the data path's module cannot see the tools. The
 * tools module's {@code SeedFixturesTest} maps the sample data afresh and fails when these files differ.
 */
public final class AvroFixtures {

    public static final String SEED_EVENTS = "fixtures/seed-events.avro.jsonl";
    public static final String WORLD_BASELINE = "fixtures/world-baseline.avro.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Schema> EVENT_SCHEMAS = Map.of(
            "PolicyEvent", PolicyEvent.getClassSchema(),
            "MarketEvent", MarketEvent.getClassSchema(),
            "DisruptionEvent", DisruptionEvent.getClassSchema());

    private AvroFixtures() {
    }

    /** One mapped input line: the record a publisher sends, where, with which key and event time. */
    public record SeedEvent(String eventId, String topic, String key, SpecificRecord value, Instant eventTime) {
    }

    public static List<String> eventLines(List<SeedEvent> events) {
        return events.stream().map(e -> {
            ObjectNode node = JSON.createObjectNode();
            node.put("eventId", e.eventId());
            node.put("topic", e.topic());
            node.put("key", e.key());
            node.put("eventTime", e.eventTime().toString());
            node.put("type", e.value().getSchema().getName());
            node.set("value", avroJson(e.value()));
            return node.toString();
        }).toList();
    }

    public static List<String> profileLines(List<CommoditySupplyProfile> profiles) {
        return profiles.stream().map(p -> avroJson(p).toString()).toList();
    }

    public static List<SeedEvent> seedEvents() {
        return readLines(SEED_EVENTS, line -> {
            JsonNode node = parse(line);
            Schema schema = EVENT_SCHEMAS.get(node.path("type").asText());
            if (schema == null) throw new IllegalStateException("unknown record type in " + SEED_EVENTS + ": " + line);
            return new SeedEvent(node.path("eventId").asText(null), node.path("topic").asText(), node.path("key").asText(),
                    fromAvroJson(schema, node.get("value").toString()), Instant.parse(node.path("eventTime").asText()));
        });
    }

    public static List<CommoditySupplyProfile> worldBaseline() {
        return readLines(WORLD_BASELINE, line -> fromAvroJson(CommoditySupplyProfile.getClassSchema(), line));
    }

    /** The committed copy of a fixture, for the freshness check. */
    public static Path sourceFile(Path projectRoot, String fixture) {
        return projectRoot.resolve("streams-app/src/test/resources").resolve(fixture);
    }

    private static <T> List<T> readLines(String resource, Function<String, T> decode) {
        try (var in = AvroFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the test class path");
            List<T> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) out.add(decode.apply(line));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode avroJson(SpecificRecord record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), bytes);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return parse(bytes.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T fromAvroJson(Schema schema, String json) {
        try {
            return new SpecificDatumReader<T>(schema).read(null, DecoderFactory.get().jsonDecoder(schema, json));
        } catch (IOException e) {
            throw new UncheckedIOException("not a " + schema.getName() + ": " + json, e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
