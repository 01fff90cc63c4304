package io.supplyshock.query;

import io.supplyshock.health.StreamHealth;
import java.time.Instant;
import java.util.Optional;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The application's HTTP endpoints: health, interactive queries and Prometheus metrics. The JDK's
 * own server is enough for a handful of read-only endpoints and adds no dependency.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final Pattern COMMODITY = Pattern.compile("[a-z0-9][a-z0-9_]{0,99}");
    private static final Pattern ENTITY = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    /** Largest page of /api/exposed/{commodity}: a hundred thousand profiles are served in pages, not at once. */
    private static final int MAX_PAGE = 1000;

    private final HttpServer server;

    public HttpApi(String host, int port, StateQueries queries, StreamHealth health, PrometheusMeterRegistry prometheus) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", exchange -> handle(exchange, () -> health(queries, health)));
        server.createContext("/api/commodities/", exchange -> handle(exchange, () -> {
            String commodity = lastSegment(exchange, "/api/commodities/");
            if (!COMMODITY.matcher(commodity).matches()) {
                return error(400, "commodity must match " + COMMODITY.pattern() + ", e.g. rare_earths");
            }
            return queries.commodity(commodity)
                    .map(state -> new Response(200, AvroJson.toJson(state)))
                    .orElseGet(() -> error(404, "no state for commodity '" + commodity + "'"));
        }));
        server.createContext("/api/exposures/", exchange -> handle(exchange, () -> {
            String entity = lastSegment(exchange, "/api/exposures/");
            if (!ENTITY.matcher(entity).matches()) {
                return error(400, "entity id must match " + ENTITY.pattern() + ", e.g. mp-materials");
            }
            var rows = queries.exposures(entity);
            if (rows.isEmpty()) return error(404, "no exposure rows for entity '" + entity + "'");
            ObjectNode body = AvroJson.MAPPER.createObjectNode();
            body.put("entityId", entity);
            body.put("maxShockScore", rows.stream().mapToInt(r -> r.getShockScore()).max().orElse(0));
            body.set("rows", AvroJson.toJson(rows));
            return new Response(200, body);
        }));
        server.createContext("/api/exposed/", exchange -> handle(exchange, () -> {
            String commodity = lastSegment(exchange, "/api/exposed/");
            if (!COMMODITY.matcher(commodity).matches()) {
                return error(400, "commodity must match " + COMMODITY.pattern() + ", e.g. rare_earths");
            }
            Map<String, String> params = query(exchange);
            int offset;
            int limit;
            try {
                offset = Integer.parseInt(params.getOrDefault("offset", "0"));
                limit = Integer.parseInt(params.getOrDefault("limit", "100"));
            } catch (NumberFormatException e) {
                return error(400, "offset and limit must be whole numbers");
            }
            if (offset < 0 || limit < 1 || limit > MAX_PAGE) return error(400, "offset must be >= 0 and limit 1.." + MAX_PAGE);
            var page = queries.exposed(commodity, offset, limit);
            if (page.total() == 0) return error(404, "no exposure profiles for commodity '" + commodity + "'");
            ObjectNode body = AvroJson.MAPPER.createObjectNode();
            body.put("commodity", commodity);
            body.put("total", page.total());
            body.put("offset", offset);
            body.put("limit", limit);
            body.set("profiles", AvroJson.toJson(page.profiles()));
            return new Response(200, body);
        }));
        server.createContext("/metrics", exchange -> {
            byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            send(exchange, 200, body);
        });
    }

    public void start() {
        server.start();
        LOG.info("HTTP endpoints on http://{}:{} (/health, /api/commodities/{{c}}, /api/exposures/{{entity}}, /api/exposed/{{c}}, /metrics)",
                server.getAddress().getHostString(), server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private record Response(int status, JsonNode body) {
    }

    private interface Handler {
        Response respond() throws Exception;
    }

    /** 200 only when the streams are RUNNING and the stream threads are not failing in a loop. */
    static Response health(StateQueries queries, StreamHealth health) {
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        Optional<String> failing = health.unhealthy(Instant.now());
        body.put("state", queries.streamsState());
        body.put("live", queries.isLive());
        body.put("ready", queries.isReady());
        body.put("threadFailures", health.total());
        failing.ifPresent(reason -> body.put("reason", reason));
        if (!queries.isReady() && failing.isEmpty()) body.put("reason", "streams state is " + queries.streamsState());
        return new Response(queries.isReady() && failing.isEmpty() ? 200 : 503, body);
    }

    private static Response error(int status, String message) {
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        body.put("error", message);
        return new Response(status, body);
    }

    /** Query parameters of a request; a parameter given twice keeps its last value. */
    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new java.util.HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) return params;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
        return params;
    }

    private static String lastSegment(HttpExchange exchange, String prefix) {
        String path = exchange.getRequestURI().getPath();
        return path.length() <= prefix.length() ? "" : path.substring(prefix.length());
    }

    private static void handle(HttpExchange exchange, Handler handler) throws IOException {
        Response response;
        if (!"GET".equals(exchange.getRequestMethod())) {
            response = error(405, "only GET is supported");
        } else {
            try {
                response = handler.respond();
            } catch (StateQueries.NotReadyException e) {
                response = error(503, e.getMessage());
            } catch (Exception e) {
                LOG.warn("request {} failed: {}", exchange.getRequestURI(), e.toString());
                response = error(500, "internal error: " + e.getMessage());
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(exchange, response.status(), AvroJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(response.body()));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
