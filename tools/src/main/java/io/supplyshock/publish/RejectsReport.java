package io.supplyshock.publish;

import io.supplyshock.events.Rejection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the rejected lines of a run, one per row with source file, line, id, reason and the line itself
 * (its first KB), so a producer can fix the input and publish again. The file is written even when empty, so "no rejects" is visible.
 */
public final class RejectsReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RejectsReport() {
    }

    public static void write(Path file, List<Rejection> rejects, RejectsFormat format) throws IOException {
        if (format == RejectsFormat.CSV) {
            CsvRecords.write(file, List.of("source", "line", "id", "reason", "raw"),
                    rejects.stream().map(r -> Arrays.asList(r.source(), r.line(), r.id(), r.reason(), r.raw())).toList());
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Rejection r : rejects) {
                out.write(jsonl(r));
                out.newLine();
            }
        }
    }

    private static String jsonl(Rejection r) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("source", r.source());
        node.put("line", r.line());
        node.put("id", r.id());
        node.put("reason", r.reason());
        node.put("raw", r.raw());
        return JSON.writeValueAsString(node);
    }
}
