package io.supplyshock.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The sample data shipped in sample-data/ (a copy of the producers' reference files). */
public final class ReferenceFiles {

    private ReferenceFiles() {
    }

    public static Path dir() {
        String configured = System.getProperty("supplyshock.reference.dir");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../sample-data");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("reference data not found at " + dir.toAbsolutePath()
                    + " (set -Dsupplyshock.reference.dir)");
        }
        return dir;
    }

    public static Path seedEvents() {
        return dir().resolve("seed-events.jsonl");
    }

    public static Path seedEntities() {
        return dir().resolve("seed-entities.jsonl");
    }

    /** The line of the seed events file whose id is {@code id}, with its 1-based number. */
    public static Line eventLine(String id) throws IOException {
        List<String> lines = Files.readAllLines(seedEvents(), StandardCharsets.UTF_8);
        String marker = "\"id\": \"" + id + "\"";
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return new Line(i + 1, lines.get(i));
            }
        }
        throw new IllegalArgumentException("no line with id " + id + " in " + seedEvents());
    }

    public record Line(int number, String text) {
    }
}
