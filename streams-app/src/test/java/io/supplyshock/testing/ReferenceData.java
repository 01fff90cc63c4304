package io.supplyshock.testing;

import io.supplyshock.publish.JsonlPublisher;
import io.supplyshock.publish.LineResult;
import io.supplyshock.publish.ReferenceLineMapper;
import io.supplyshock.publish.UndatedPolicy;
import io.supplyshock.schema.DisruptionEvent;
import io.supplyshock.schema.MarketEvent;
import io.supplyshock.schema.PolicyEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sample data (sample-data/, a copy of the producers' reference files), mapped as the publisher maps them. */
public final class ReferenceData {

    /** Fixed "publish time" for the few undated lines, so tests are repeatable. */
    public static final Instant PUBLISH_TIME = Instant.parse("2026-02-01T00:00:00Z");

    private static List<LineResult.Mapped> seedEvents;

    private ReferenceData() {
    }

    public static Path dir() {
        String configured = System.getProperty("supplyshock.reference.dir");
        Path path = configured != null ? Path.of(configured) : Path.of("../sample-data");
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("reference data not found at " + path.toAbsolutePath()
                    + "; set -Dsupplyshock.reference.dir to the sample-data folder");
        }
        return path;
    }

    public static Path seedEventsFile() {
        return dir().resolve("seed-events.jsonl");
    }

    public static Path seedEntitiesFile() {
        return dir().resolve("seed-entities.jsonl");
    }

    /** Every mappable seed line, in publish order (event time, ties in file order). */
    public static synchronized List<LineResult.Mapped> seedEvents() {
        if (seedEvents == null) {
            ReferenceLineMapper mapper = new ReferenceLineMapper(UndatedPolicy.PUBLISH_TIME, PUBLISH_TIME);
            List<String> lines = readLines(seedEventsFile());
            List<LineResult.Mapped> mapped = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                if (mapper.map(lines.get(i), i + 1) instanceof LineResult.Mapped m) mapped.add(m);
            }
            JsonlPublisher.sortInPublishOrder(mapped);
            seedEvents = List.copyOf(mapped);
        }
        return seedEvents;
    }

    public static Map<String, LineResult.Mapped> seedById() {
        Map<String, LineResult.Mapped> byId = new LinkedHashMap<>();
        seedEvents().forEach(m -> byId.put(m.eventId(), m));
        return byId;
    }

    public static PolicyEvent policy(String id) {
        return (PolicyEvent) require(id).value();
    }

    public static MarketEvent market(String id) {
        return (MarketEvent) require(id).value();
    }

    public static DisruptionEvent disruption(String id) {
        return (DisruptionEvent) require(id).value();
    }

    private static LineResult.Mapped require(String id) {
        LineResult.Mapped m = seedById().get(id);
        if (m == null) throw new IllegalArgumentException("no mapped seed line " + id);
        return m;
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
