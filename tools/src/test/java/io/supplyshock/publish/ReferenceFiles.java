package io.supplyshock.publish;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
