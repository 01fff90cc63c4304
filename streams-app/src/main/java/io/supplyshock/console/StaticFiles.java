package io.supplyshock.console;

import com.sun.net.httpserver.HttpExchange;
import io.supplyshock.query.HttpApi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The console's page, scripts and styles, and the WebJars it uses, all from the jar's classpath: the console works
 * without internet access and needs no build step. The files need no token (the page asks for it and sends it on
 * every API call); the Content-Security-Policy lets the page load and call nothing but this server.
 */
final class StaticFiles {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json; charset=utf-8",
            "png", "image/png",
            "ico", "image/x-icon",
            "map", "application/json; charset=utf-8");

    private StaticFiles() {
    }

    static void register(HttpApi api) {
        api.registerOpen("/", StaticFiles::serve);
    }

    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                text(exchange, 405, "only GET and HEAD are served here");
                return;
            }
            String resource = resource(path);
            InputStream in = resource == null ? null : StaticFiles.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                if (path.startsWith("/api/")) {
                    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                    send(exchange, 404, "{\"error\":\"no such endpoint: " + path.replaceAll("[\"\\\\\\p{Cntrl}]", "") + "\"}");
                } else {
                    text(exchange, 404, "not found: " + path);
                }
                return;
            }
            byte[] body;
            try (in) {
                body = in.readAllBytes();
            }
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
            exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "text/plain; charset=utf-8"));
            security(exchange);
            // WebJar paths carry their version, so they never change; the console's own files may change on upgrade.
            exchange.getResponseHeaders().set("Cache-Control", path.startsWith("/webjars/") ? "public, max-age=86400" : "no-cache");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The classpath resource of a request path, or null when the path names none the console serves. */
    static String resource(String path) {
        if (path.contains("..") || path.contains("\\") || path.contains("//")) return null;
        if (path.equals("/") || path.equals("/index.html")) return "console/index.html";
        if (path.startsWith("/console/") && path.length() > "/console/".length()) return path.substring(1);
        if (path.startsWith("/webjars/") && path.length() > "/webjars/".length()) return "META-INF/resources" + path;
        return null;
    }

    private static void security(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        security(exchange);
        send(exchange, status, message);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
