package io.supplyshock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supplyshock.config.AppConfig;
import io.supplyshock.query.HttpApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@Command(name = "what-if",
        description = {"Scores hypothetical events against the running app's state and prints the alert each would raise",
                "(or why none) and who is exposed. FILE holds events in the publisher's JSON Lines format (at most 100);",
                "nothing is published and no state changes (POST /api/what-if)."},
        footer = "Exit status: 0 answered; 1 the app unreachable or refusing the events (each bad field is listed); 2 bad arguments.")
final class WhatIfCommand extends SubCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "FILE", description = "the hypothetical events, one JSON object per line")
    Path file;

    @Option(names = "--url", paramLabel = "URL", description = "the app's address (default: http.host and http.port, https when http.tls.keystore is set)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "bearer token (default: http.auth.token)")
    String token;

    @Option(names = "--json", description = "print the app's JSON answer as it is")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = PositiveInt.class, defaultValue = "30",
            description = "how long to wait for the answer (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        AppConfig config = config();
        HttpApi.Security security = HttpApi.Security.from(config);
        String base = url != null ? url.replaceAll("/+$", "") : security.baseUrl(config.get(AppConfig.HTTP_HOST), config.getInt(AppConfig.HTTP_PORT));
        String bearer = token != null ? token : config.get(AppConfig.HTTP_AUTH_TOKEN);
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            err().println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        HttpResponse<String> reply;
        try {
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            SSLContext tls = base.startsWith("https:") ? security.clientContext() : null;
            if (tls != null) client.sslContext(tls);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/what-if"))
                    .timeout(Duration.ofSeconds(timeoutSeconds))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (bearer != null && !bearer.isEmpty()) request.header("Authorization", "Bearer " + bearer);
            reply = client.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IllegalArgumentException e) {
            throw usageError("--url: " + e.getMessage());
        } catch (IOException e) {
            err().println("cannot reach " + base + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(reply.body());
        } catch (IOException e) {
            err().println(base + " answered " + reply.statusCode() + " with no JSON: " + reply.body().lines().findFirst().orElse(""));
            return 1;
        }
        if (reply.statusCode() != 200) {
            printError(reply.statusCode(), answer, err());
            return 1;
        }
        if (json) {
            out().println(reply.body().strip());
        } else {
            printSummary(answer, out());
        }
        return 0;
    }

    static void printError(int status, JsonNode answer, PrintStream err) {
        err.println("what-if refused (" + status + "): " + answer.path("error").asText());
        for (JsonNode f : answer.path("fields")) {
            String field = f.path("field").isTextual() ? f.path("field").asText() + ": " : "";
            String message = f.path("message").asText();
            err.println("  line " + f.path("line").asInt() + ": " + (message.startsWith(field) ? "" : field) + message);
        }
    }

    /** One block per event: the alert and why, each scored shock, the entities reached, and what was not simulated. */
    static void printSummary(JsonNode answer, PrintStream out) {
        for (JsonNode r : answer.path("results")) {
            JsonNode alert = r.path("alert");
            String head = r.path("eventId").asText() + " (" + r.path("commodity").asText() + "): ";
            if (alert.isObject()) {
                out.println(head + alert.path("severity").asText() + " " + alert.path("score").asInt() + " " + alert.path("alertType").asText()
                        + " " + alert.path("alertId").asText() + " (" + r.path("reason").asText() + ")");
            } else {
                out.println(head + "no alert (" + r.path("reason").asText() + ")");
            }
            for (JsonNode s : r.path("shocks")) {
                out.println("  scored " + s.path("severity").asText() + " " + s.path("score").asInt() + " " + s.path("direction").asText()
                        + " " + s.path("instrument").asText()
                        + (s.path("reassessedBy").isTextual() ? " (re-assessed " + s.path("eventId").asText() + ")" : ""));
            }
            JsonNode exposure = r.path("exposure");
            List<String> top = new ArrayList<>();
            for (JsonNode p : exposure.path("top")) top.add(p.path("entityName").asText() + " " + p.path("weight").asDouble());
            out.println("  exposed: " + exposure.path("count").asInt() + (top.isEmpty() ? "" : "; most: " + String.join(", ", top)));
            for (JsonNode note : r.path("notes")) out.println("  note: " + note.asText());
        }
    }
}
