package io.supplyshock.cli;

import com.sun.net.httpserver.HttpServer;
import io.supplyshock.config.AppConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code what-if FILE} against a stand-in for the app's endpoint: what it sends, what it prints, how it exits. */
class WhatIfCommandTest {

    private static final String LINES = """
            {"id":"w1","kind":"policy","subtype":"export_ban","issuer_country":"CD","commodity":"cobalt","announced_date":"2026-01-10"}
            {"id":"w2","kind":"price","commodity":"cobalt","value":30000,"reported_date":"2026-01-12"}
            """;

    private static final String ANSWER = """
            {"results":[
              {"eventId":"w1","commodity":"cobalt","reason":"new situation",
               "alert":{"alertId":"cd-cobalt#1","alertType":"SHOCK","severity":"HIGH","score":81},
               "shocks":[{"eventId":"w1","kind":"POLICY","instrument":"EXPORT_BAN","score":81,"severity":"HIGH","direction":"ESCALATION","reassessedBy":null}],
               "exposure":{"count":2,"top":[{"entityId":"umicore","entityName":"Umicore","weight":0.8},{"entityId":"tesla","entityName":"Tesla","weight":0.3}]},
               "notes":[]},
              {"eventId":"w2","commodity":"cobalt","alert":null,"reason":"no shock: the fact changes no input of a measure in force",
               "shocks":[],"exposure":{"count":0,"top":[]},"notes":["market signals are not simulated"]}]}
            """;

    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicReference<String> received = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String reply = ANSWER;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/what-if", exchange -> {
            received.set(exchange.getRequestMethod() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void postsTheFileAndPrintsOneBlockPerEvent() throws IOException {
        Path file = Files.writeString(dir.resolve("scenario.jsonl"), LINES);

        int code = run(AppConfig.of(Map.of("http.port", String.valueOf(server.getAddress().getPort()), "http.auth.token", "t0k")), file.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(received.get()).isEqualTo("POST " + LINES);
        assertThat(authorization.get()).as("the token from the settings").isEqualTo("Bearer t0k");
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "w1 (cobalt): HIGH 81 SHOCK cd-cobalt#1 (new situation)",
                "  scored HIGH 81 ESCALATION EXPORT_BAN",
                "  exposed: 2; most: Umicore 0.8, Tesla 0.3",
                "w2 (cobalt): no alert (no shock: the fact changes no input of a measure in force)",
                "  exposed: 0",
                "  note: market signals are not simulated");
    }

    @Test
    void jsonPrintsTheAnswerAsItIsAndUrlAndTokenOverrideTheSettings() throws IOException {
        Path file = Files.writeString(dir.resolve("scenario.jsonl"), LINES);

        int code = run(AppConfig.of(Map.of("http.auth.token", "from-settings")), file.toString(), "--json",
                "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/", "--token", "given");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo(ANSWER.strip());
        assertThat(authorization.get()).isEqualTo("Bearer given");
    }

    @Test
    void refusedEventsListTheirFieldsAndExitOne() throws IOException {
        status = 400;
        reply = """
                {"error":"1 of 2 event(s) cannot be read (the publisher's checks)",
                 "fields":[{"line":2,"field":"value","message":"value: 'abc' is not a number"},{"line":3,"field":null,"message":"blank line"}]}
                """;
        Path file = Files.writeString(dir.resolve("scenario.jsonl"), LINES);

        int code = run(AppConfig.of(Map.of()), file.toString(), "--url", "http://127.0.0.1:" + server.getAddress().getPort());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "what-if refused (400): 1 of 2 event(s) cannot be read (the publisher's checks)",
                "  line 2: value: 'abc' is not a number",
                "  line 3: blank line");
    }

    @Test
    void anUnreachableAppOrAMissingFileExitsOne() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path file = Files.writeString(dir.resolve("scenario.jsonl"), LINES);
        assertThat(run(AppConfig.of(Map.of()), file.toString(), "--url", "http://127.0.0.1:" + closed)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach http://127.0.0.1:" + closed);
        assertThat(run(AppConfig.of(Map.of()), dir.resolve("missing.jsonl").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read");
    }

    private int run(AppConfig config, String... args) {
        return Cli.run("what-if", args, config, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
