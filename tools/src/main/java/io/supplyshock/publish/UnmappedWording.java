package io.supplyshock.publish;

import io.supplyshock.events.Vocabulary;
import io.supplyshock.events.Lexicon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policy subtypes of a producer file whose wording the lexicon does not read, with how often each occurs:
 * what a producer team adds to its lexicon file. Lines that are not JSON objects or not policies are skipped
 * (the publisher reports those).
 */
public final class UnmappedWording {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private UnmappedWording() {
    }

    /** Unmapped subtype -> count, most frequent first, then by name. */
    public static Map<String, Integer> in(Path file, Lexicon lexicon) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if (node == null || !node.isObject() || !"policy".equals(node.path("kind").asText(null))) continue;
                String subtype = node.path("subtype").asText("");
                Double value = number(node.get("value"));
                Double previous = number(node.get("previous_value"));
                if (!Vocabulary.policy(lexicon, subtype, value, previous).known()) counts.merge(subtype, 1, Integer::sum);
            }
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .forEachOrdered(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static Double number(JsonNode n) {
        return n != null && n.isNumber() ? n.doubleValue() : null;
    }
}
