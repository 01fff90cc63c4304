package io.supplyshock.testing;

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

/** The sample data (sample-data/, a copy of the producers' reference files), mapped as the publisher maps them (see {@link AvroFixtures}). */
public final class ReferenceData {

    /** Fixed "publish time" for the few undated lines, so tests are repeatable. */
    public static final Instant PUBLISH_TIME = Instant.parse("2026-02-01T00:00:00Z");

    private static List<AvroFixtures.SeedEvent> seedEvents;

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

    /** Every mappable seed line, in publish order (event time, ties in file order), as the publisher maps it. */
    public static synchronized List<AvroFixtures.SeedEvent> seedEvents() {
        if (seedEvents == null) seedEvents = AvroFixtures.seedEvents();
        return seedEvents;
    }

    public static Map<String, AvroFixtures.SeedEvent> seedById() {
        Map<String, AvroFixtures.SeedEvent> byId = new LinkedHashMap<>();
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

    private static AvroFixtures.SeedEvent require(String id) {
        AvroFixtures.SeedEvent m = seedById().get(id);
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
