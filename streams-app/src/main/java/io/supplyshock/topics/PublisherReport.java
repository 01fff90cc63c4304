package io.supplyshock.topics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * What one publisher run did with its file's lines, as sent to {@code supply.publisher-reports}.
 * The publishers are short command-line runs that Prometheus could never scrape in time, so each
 * run leaves this record and the running app turns it into counters on its own /metrics.
 *
 * @param publisher which publisher ran ({@code events}, ...)
 * @param file      the input file's name, for people reading the topic; never a metric label
 */
public record PublisherReport(String publisher, String file, long accepted, long rejected, long blank, Instant finishedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public PublisherReport {
        if (publisher == null || publisher.isBlank()) throw new IllegalArgumentException("publisher is missing");
        if (accepted < 0 || rejected < 0 || blank < 0) {
            throw new IllegalArgumentException("line counts must not be negative: " + accepted + "/" + rejected + "/" + blank);
        }
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("publisher", publisher);
        node.put("file", file);
        node.put("accepted", accepted);
        node.put("rejected", rejected);
        node.put("blank", blank);
        node.put("finishedAt", finishedAt.toString());
        return node.toString();
    }

    /** @throws IllegalArgumentException when the text is not a report */
    public static PublisherReport fromJson(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return new PublisherReport(required(node, "publisher").asText(), node.path("file").asText(null),
                    count(node, "accepted"), count(node, "rejected"), count(node, "blank"),
                    Instant.parse(required(node, "finishedAt").asText()));
        } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a publisher report: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) throw new IllegalArgumentException("publisher report has no '" + field + "'");
        return value;
    }

    private static long count(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.canConvertToExactIntegral()) throw new IllegalArgumentException("'" + field + "' is not a whole number: " + value);
        return value.asLong();
    }
}
