package io.supplyshock.query;

import io.supplyshock.health.StreamHealth;
import java.time.Instant;
import java.util.Optional;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.supplyshock.events.UndatedPolicy;
import io.supplyshock.schema.Severity;
import io.supplyshock.whatif.WhatIf;
import io.supplyshock.whatif.WhatIfRequest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.supplyshock.config.AppConfig;
import io.supplyshock.topics.StoreNames;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The application's HTTP endpoints: health, interactive queries and Prometheus metrics. The JDK's
 * own server is enough for a handful of read-only endpoints and adds no dependency. Queries are routed:
 * every instance answers for every key (see {@link #routed}).
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final Pattern COMMODITY = Pattern.compile("[a-z0-9][a-z0-9_]{0,99}");
    /** An entity id as the exposure tables key it. */
    public static final Pattern ENTITY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    /** Largest page of /api/exposed/{commodity}: a hundred thousand profiles are served in pages, not at once. */
    private static final int MAX_PAGE = 1000;

    /** Set on a request one instance forwards to another: the receiver answers from its own stores or not at all. */
    static final String FORWARDED_BY = "X-Supplyshock-Forwarded-By";
    /** The instance (host:port) whose store gave the answer, with "(standby)" when it was a standby copy. */
    static final String SERVED_BY = "X-Supplyshock-Served-By";
    /** On an answer from a standby copy: how many changelog offsets that copy was behind. */
    static final String STANDBY_LAG = "X-Supplyshock-Standby-Lag";
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Request threads. The console's long polls each hold one for up to 30 s; they are capped below this
     * ({@code io.supplyshock.console}) so that queries, probes and scrapes always find a free thread.
     */
    public static final int THREADS = 16;

    /**
     * Who may ask, and over what: a bearer token for everything but /health (empty: open), and a PKCS12 key
     * store to serve HTTPS (null: plain HTTP) with the trust store used when forwarding to other instances.
     */
    public record Security(String token, Path keystore, char[] keystorePassword, Path truststore, char[] truststorePassword) {
        public static final Security OPEN = new Security("", null, null, null, null);

        public static Security from(AppConfig config) {
            String keystore = config.get(AppConfig.HTTP_TLS_KEYSTORE);
            String truststore = config.get(AppConfig.HTTP_TLS_TRUSTSTORE);
            String keyPassword = config.get(AppConfig.HTTP_TLS_KEYSTORE_PASSWORD);
            String trustPassword = config.get(AppConfig.HTTP_TLS_TRUSTSTORE_PASSWORD);
            boolean tls = keystore != null && !keystore.isBlank();
            return new Security(config.get(AppConfig.HTTP_AUTH_TOKEN),
                    tls ? Path.of(keystore) : null, tls ? keyPassword.toCharArray() : null,
                    tls ? Path.of(truststore == null || truststore.isBlank() ? keystore : truststore) : null,
                    tls ? (trustPassword == null || trustPassword.isEmpty() ? keyPassword : trustPassword).toCharArray() : null);
        }

        boolean tls() {
            return keystore != null;
        }

        /** The scheme and address a client on this machine calls (a wildcard host is called on loopback). */
        public String baseUrl(String host, int port) {
            String callable = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
            return (tls() ? "https://" : "http://") + callable + ":" + port;
        }

        /** TLS for a client of these endpoints: the trust store's certificates; null over plain HTTP. */
        public SSLContext clientContext() throws IOException {
            return tls() ? context(truststore, truststorePassword, false) : null;
        }

        /** Never the token or the passwords: this may end up in a log line. */
        @Override
        public String toString() {
            return "Security[tls=" + tls() + ", token " + (requiresToken() ? "required" : "not required") + "]";
        }

        boolean requiresToken() {
            return token != null && !token.isEmpty();
        }

        /** Constant-time, so the answer's timing does not tell how much of a guess was right. */
        boolean admits(String authorization) {
            if (!requiresToken()) return true;
            if (authorization == null || !authorization.startsWith("Bearer ")) return false;
            return java.security.MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8));
        }

        /** TLS from a PKCS12 store: its key and certificate to serve with ({@code keys}), or its certificates to trust. */
        static SSLContext context(Path store, char[] password, boolean keys) throws IOException {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (var in = Files.newInputStream(store)) {
                    ks.load(in, password);
                }
                SSLContext ssl = SSLContext.getInstance("TLS");
                if (keys) {
                    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    kmf.init(ks, password);
                    ssl.init(kmf.getKeyManagers(), null, null);
                } else {
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(ks);
                    ssl.init(null, tmf.getTrustManagers(), null);
                }
                return ssl;
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("cannot use " + store + " for TLS: " + e.getMessage(), e);
            }
        }
    }

    private final HttpServer server;
    private final StateQueries queries;
    private final Security security;
    private final HttpClient forwarder;
    private final WhatIf whatIf;
    private final UndatedPolicy undated;

    public HttpApi(String host, int port, Security security, StateQueries queries, StreamHealth health, PrometheusMeterRegistry prometheus) throws IOException {
        this(host, port, security, queries, health, prometheus, new WhatIf(WhatIf.Settings.from(AppConfig.of(Map.of()), Severity.LOW)),
                UndatedPolicy.PUBLISH_TIME);
    }

    /** @param whatIf scores the scenarios of POST /api/what-if; {@code undated} dates their undated events as the publisher would */
    public HttpApi(String host, int port, Security security, StateQueries queries, StreamHealth health, PrometheusMeterRegistry prometheus,
                   WhatIf whatIf, UndatedPolicy undated) throws IOException {
        this.queries = queries;
        this.security = security;
        this.whatIf = whatIf;
        this.undated = undated;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (security.tls()) {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(Security.context(security.keystore(), security.keystorePassword(), true)));
            server = https;
            client.sslContext(Security.context(security.truststore(), security.truststorePassword(), false));
        } else {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        }
        forwarder = client.build();
        server.setExecutor(Executors.newFixedThreadPool(THREADS, r -> {
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
            return routed(exchange, StoreNames.COMMODITY_STATE_PARTS, commodity, (partition, standby) -> queries.commodity(commodity, partition, standby)
                    .map(state -> new Response(200, AvroJson.toJson(state)))
                    .orElseGet(() -> error(404, "no state for commodity '" + commodity + "'")));
        }));
        server.createContext("/api/exposures/", exchange -> handle(exchange, () -> {
            String entity = lastSegment(exchange, "/api/exposures/");
            if (!ENTITY_ID.matcher(entity).matches()) {
                return error(400, "entity id must match " + ENTITY_ID.pattern() + ", e.g. mp-materials");
            }
            return routed(exchange, StoreNames.EXPOSURE_ROWS, entity, (partition, standby) -> {
                var rows = queries.exposures(entity, partition, standby);
                if (rows.isEmpty()) return error(404, "no exposure rows for entity '" + entity + "'");
                ObjectNode body = AvroJson.MAPPER.createObjectNode();
                body.put("entityId", entity);
                body.put("maxShockScore", rows.stream().mapToInt(r -> r.getShockScore()).max().orElse(0));
                body.set("rows", AvroJson.toJson(rows));
                return new Response(200, body);
            });
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
            return routed(exchange, StoreNames.PROFILES_BY_COMMODITY, commodity, (partition, standby) -> {
                var page = queries.exposed(commodity, offset, limit, partition, standby);
                if (page.total() == 0) return error(404, "no exposure profiles for commodity '" + commodity + "'");
                ObjectNode body = AvroJson.MAPPER.createObjectNode();
                body.put("commodity", commodity);
                body.put("total", page.total());
                body.put("offset", offset);
                body.put("limit", limit);
                body.set("profiles", AvroJson.toJson(page.profiles()));
                return new Response(200, body);
            });
        }));
        server.createContext("/api/what-if", exchange -> handle(exchange, "POST", () -> whatIf(exchange)));
        server.createContext("/metrics", exchange -> {
            if (!security.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refuse(exchange);
                return;
            }
            byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            send(exchange, 200, body);
        });
    }

    /**
     * A what-if scenario, answered where each commodity's state lives: the events of commodities this instance owns
     * are scored here, the others forwarded (once) to their owners, and the answers merged in request order.
     */
    private Response whatIf(HttpExchange exchange) throws Exception {
        byte[] body;
        try (var in = exchange.getRequestBody()) {
            body = in.readNBytes(WhatIfRequest.MAX_BODY_BYTES + 1);
        }
        Instant now = Instant.now();
        WhatIfRequest.Parsed parsed = WhatIfRequest.parse(body, undated, now);
        if (parsed instanceof WhatIfRequest.Invalid invalid) return new Response(invalid.status(), WhatIfJson.invalid(invalid));
        WhatIfRequest.Events events = (WhatIfRequest.Events) parsed;
        Map<String, List<Integer>> byCommodity = new java.util.LinkedHashMap<>();
        for (int i = 0; i < events.mapped().size(); i++) {
            byCommodity.computeIfAbsent(events.mapped().get(i).key(), c -> new java.util.ArrayList<>()).add(i);
        }
        JsonNode[] results = new JsonNode[events.mapped().size()];
        Map<String, Integer> partitionHere = new java.util.HashMap<>();
        List<Integer> here = new java.util.ArrayList<>();
        for (Map.Entry<String, List<Integer>> group : byCommodity.entrySet()) {
            String commodity = group.getKey();
            switch (queries.owner(StoreNames.COMMODITY_STATE_PARTS, commodity)) {
                case StateQueries.Unknown unknown -> {
                    return retryLater(unknown.reason());
                }
                case StateQueries.Here h -> {
                    partitionHere.put(commodity, h.partition());
                    here.addAll(group.getValue());
                }
                case StateQueries.Elsewhere elsewhere -> {
                    if (exchange.getRequestHeaders().containsKey(FORWARDED_BY)) {
                        return retryLater("'" + commodity + "' is owned by " + hostPort(elsewhere.active()) + ", not this instance; ownership moved while "
                                + exchange.getRequestHeaders().getFirst(FORWARDED_BY) + " forwarded the request");
                    }
                    ObjectNode part = AvroJson.MAPPER.createObjectNode();
                    ArrayNode partEvents = part.putArray("events");
                    for (int i : group.getValue()) partEvents.add(AvroJson.MAPPER.readTree(events.sources().get(i).text()));
                    Response answer;
                    try {
                        answer = forward(exchange, elsewhere.active(), AvroJson.MAPPER.writeValueAsBytes(part));
                    } catch (IOException e) {
                        return retryLater("the owner of '" + commodity + "', " + hostPort(elsewhere.active()) + ", does not answer (" + e + ")");
                    }
                    if (answer.status() != 200) return answer;
                    JsonNode answered = answer.body().path("results");
                    if (answered.size() != group.getValue().size()) {
                        return error(502, hostPort(elsewhere.active()) + " answered " + answered.size() + " results for " + group.getValue().size() + " events");
                    }
                    for (int k = 0; k < group.getValue().size(); k++) results[group.getValue().get(k)] = answered.get(k);
                }
            }
        }
        List<io.supplyshock.events.LineResult.Mapped> local = here.stream().sorted().map(events.mapped()::get).toList();
        List<WhatIf.Result> answered = whatIf.run(local, commodity -> queries.stores(partitionHere.get(commodity)), now);
        List<Integer> order = here.stream().sorted().toList();
        for (int k = 0; k < order.size(); k++) results[order.get(k)] = WhatIfJson.result(answered.get(k));
        return new Response(200, WhatIfJson.results(List.of(results))).with(SERVED_BY, hostPort(queries.self()));
    }

    /** Answers a key from the partition that holds it: here, or on this instance's standby copy. */
    private interface PartitionAnswer {
        Response at(int partition, boolean standby) throws Exception;
    }

    /**
     * Any instance answers for every key. A key this instance owns is read here; another instance's key is
     * forwarded to its owner once (a forwarded request is never forwarded again, so two instances with
     * different views of a rebalance cannot bounce it between them). When the owner does not answer and this
     * instance keeps a standby copy, the copy answers, saying how far behind it may be. While nobody owns
     * the key, the answer is 503 with Retry-After, never a 404 that would claim the key does not exist.
     */
    private Response routed(HttpExchange exchange, String store, String key, PartitionAnswer answer) throws Exception {
        String self = hostPort(queries.self());
        return switch (queries.owner(store, key)) {
            case StateQueries.Unknown unknown -> retryLater(unknown.reason());
            case StateQueries.Here here -> answer.at(here.partition(), false).with(SERVED_BY, self);
            case StateQueries.Elsewhere elsewhere -> {
                if (exchange.getRequestHeaders().containsKey(FORWARDED_BY)) {
                    yield retryLater("'" + key + "' is owned by " + hostPort(elsewhere.active()) + ", not this instance; ownership moved while "
                            + exchange.getRequestHeaders().getFirst(FORWARDED_BY) + " forwarded the request");
                }
                try {
                    yield forward(exchange, elsewhere.active());
                } catch (IOException e) {
                    if (!elsewhere.standbys().contains(queries.self())) {
                        yield retryLater("the owner of '" + key + "', " + hostPort(elsewhere.active()) + ", does not answer (" + e
                                + ") and this instance keeps no standby copy");
                    }
                    long lag = queries.lag(store, elsewhere.partition());
                    yield answer.at(elsewhere.partition(), true).with(SERVED_BY, self + " (standby)").with(STANDBY_LAG, String.valueOf(lag));
                }
            }
        };
    }

    private Response forward(HttpExchange exchange, HostInfo owner) throws IOException, InterruptedException {
        return forward(exchange, owner, null);
    }

    /** @param body the body to POST; null: a GET */
    private Response forward(HttpExchange exchange, HostInfo owner, byte[] body) throws IOException, InterruptedException {
        String query = exchange.getRequestURI().getRawQuery();
        URI target = URI.create((security.tls() ? "https://" : "http://") + hostPort(owner) + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(FORWARD_TIMEOUT).header(FORWARDED_BY, hostPort(queries.self()));
        if (security.requiresToken()) request.header("Authorization", "Bearer " + security.token());
        if (body != null) request.header("Content-Type", "application/json");
        HttpRequest sent = (body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofByteArray(body))).build();
        HttpResponse<byte[]> reply = forwarder.send(sent, HttpResponse.BodyHandlers.ofByteArray());
        Response response = new Response(reply.statusCode(), AvroJson.MAPPER.readTree(reply.body()));
        for (String header : List.of(SERVED_BY, STANDBY_LAG, "Retry-After")) {
            Optional<String> value = reply.headers().firstValue(header);
            if (value.isPresent()) response = response.with(header, value.get());
        }
        return response;
    }

    private static Response retryLater(String reason) {
        return error(503, reason).with("Retry-After", "1");
    }

    private static String hostPort(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    public void start() {
        server.start();
        LOG.info("HTTP endpoints on {}://{}:{}{} (/health, /api/commodities/{{c}}, /api/exposures/{{entity}}, /api/exposed/{{c}}, POST /api/what-if, /metrics)",
                security.tls() ? "https" : "http", server.getAddress().getHostString(), server.getAddress().getPort(),
                security.requiresToken() ? ", bearer token required except for /health" : "");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** An extra JSON endpoint served by another package: GET only, behind the same token and TLS as /api. */
    public interface Endpoint {
        Response answer(Request request) throws Exception;
    }

    /**
     * One request to an {@link Endpoint}: its decoded path and query, and the routed reads of the API, which
     * answer here when this instance owns the key and otherwise forward the whole request to the owner.
     */
    public final class Request {
        private final HttpExchange exchange;

        private Request(HttpExchange exchange) {
            this.exchange = exchange;
        }

        public String path() {
            return exchange.getRequestURI().getPath();
        }

        public Map<String, String> query() {
            return HttpApi.query(exchange);
        }

        /** With the entity's exposure rows (as GET /api/exposures/{entity} reads them). */
        public Response withExposures(String entity, java.util.function.Function<List<io.supplyshock.schema.ExposureRow>, Response> answer) throws Exception {
            return routed(exchange, StoreNames.EXPOSURE_ROWS, entity, (partition, standby) -> answer.apply(queries.exposures(entity, partition, standby)));
        }

        /** With one page of the profiles exposed to a commodity (as GET /api/exposed/{commodity} reads them). */
        public Response withExposed(String commodity, int offset, int limit, java.util.function.Function<StateQueries.ExposedPage, Response> answer) throws Exception {
            return routed(exchange, StoreNames.PROFILES_BY_COMMODITY, commodity,
                    (partition, standby) -> answer.apply(queries.exposed(commodity, offset, limit, partition, standby)));
        }
    }

    /** Serves {@code prefix} (and below) with a JSON endpoint behind the token. Call before {@link #start()}. */
    public void register(String prefix, Endpoint endpoint) {
        server.createContext(prefix, exchange -> handle(exchange, () -> endpoint.answer(new Request(exchange))));
    }

    /** Serves {@code prefix} with a handler that needs no token (the console's static files). Call before {@link #start()}. */
    public void registerOpen(String prefix, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(prefix, handler);
    }

    /** A JSON answer: status, body and any extra headers. */
    public record Response(int status, JsonNode body, Map<String, String> headers) {
        public Response(int status, JsonNode body) {
            this(status, body, Map.of());
        }

        public Response with(String header, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(header, value);
            return new Response(status, body, more);
        }
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
        if (!health.stalls().isEmpty()) {
            var stalled = body.putArray("stalled");
            health.stalls().forEach(s -> {
                ObjectNode one = stalled.addObject().put("thread", s.thread()).put("lag", s.lag()).put("stalledSeconds", s.stalledFor().toSeconds());
                var partitions = one.putObject("lagByPartition");
                s.lagByPartition().forEach(partitions::put);
            });
        }
        if (!queries.isReady() && failing.isEmpty()) body.put("reason", "streams state is " + queries.streamsState());
        return new Response(queries.isReady() && failing.isEmpty() ? 200 : 503, body);
    }

    public static Response error(int status, String message) {
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

    private static void refuse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"supplyshock\"");
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(exchange, 401, AvroJson.MAPPER.writeValueAsBytes(error(401, "this endpoint needs 'Authorization: Bearer <token>' (http.auth.token)").body()));
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        handle(exchange, "GET", handler);
    }

    /** @param method the one method the path answers; others get 405 with an Allow header */
    private void handle(HttpExchange exchange, String method, Handler handler) throws IOException {
        Response response;
        boolean open = exchange.getRequestURI().getPath().equals("/health");
        if (!open && !security.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
            refuse(exchange);
            return;
        } else if (!method.equals(exchange.getRequestMethod())) {
            response = error(405, "only " + method + " is supported on " + exchange.getRequestURI().getPath()).with("Allow", method);
        } else {
            try {
                response = handler.respond();
            } catch (StateQueries.NotReadyException | org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                response = retryLater(e.getMessage());
            } catch (Exception e) {
                LOG.warn("request {} failed: {}", exchange.getRequestURI(), e.toString());
                response = error(500, "internal error: " + e.getMessage());
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        send(exchange, response.status(), AvroJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(response.body()));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
