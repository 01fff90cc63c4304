package io.supplyshock.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Waits until the stack's servers serve, not merely listen. Every probe is bounded in time, the wait as a whole
 * too, and it gives up at once when the process it waits for has exited.
 */
public final class Readiness {

    /** One attempt: null when the server is ready, else why it is not; it must return within {@code limit}. */
    @FunctionalInterface
    public interface Probe {
        String attempt(Duration limit) throws InterruptedException;
    }

    private static final Duration PAUSE = Duration.ofMillis(500);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(2);
    private static final Duration CALL_LIMIT = Duration.ofSeconds(8);
    /** An attempt with less time than this left would fail on its own time limit and hide the real reason. */
    private static final Duration SHORTEST_ATTEMPT = Duration.ofMillis(250);

    private Readiness() {
    }

    /**
     * Waits until a broker answers an Admin client: a registered broker in the cluster description and a topic
     * listing, which proves it is unfenced and its controller answers.
     *
     * @param clientSettings security settings of the client (empty for a plaintext broker)
     * @param process        the broker's process, or null when it is not ours to watch
     */
    public static Duration broker(String bootstrap, Map<String, Object> clientSettings, Duration timeout, ProcessHandle process,
                                  Consumer<String> log) throws StackException, InterruptedException {
        return await("Kafka at " + bootstrap, timeout, process, log, brokerProbe(bootstrap, clientSettings));
    }

    /** Waits until an Apicurio Registry at {@code base} (scheme, host, port) answers its v3 API and its Confluent-compatible API. */
    public static Duration registry(URI base, Duration timeout, ProcessHandle process, Consumer<String> log)
            throws StackException, InterruptedException {
        return await("Apicurio Registry at " + base, timeout, process, log, registryProbe(base));
    }

    static Duration await(String what, Duration timeout, ProcessHandle process, Consumer<String> log, Probe probe)
            throws StackException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + REPORT_EVERY.toNanos();
        String notYet = null;
        while (true) {
            if (process != null && !process.isAlive()) {
                throw new StackException(what + " (pid " + process.pid() + ") exited during startup");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (notYet != null && left < SHORTEST_ATTEMPT.toNanos())) {
                throw new StackException(what + " not ready after " + timeout.toSeconds() + " s: " + notYet);
            }
            notYet = probe.attempt(Duration.ofNanos(left));
            long now = System.nanoTime();
            if (notYet == null) {
                Duration took = Duration.ofNanos(now - start);
                log.accept(what + " is ready (" + took.toSeconds() + "s)");
                return took;
            }
            if (now >= nextReport) {
                log.accept("  ... waiting for " + what + " (" + Duration.ofNanos(now - start).toSeconds() + "s)");
                nextReport = now + REPORT_EVERY.toNanos();
            }
            Thread.sleep(Math.max(1, Math.min(PAUSE.toMillis(), TimeUnit.NANOSECONDS.toMillis(deadline - now))));
        }
    }

    static Probe brokerProbe(String bootstrap, Map<String, Object> clientSettings) {
        String first = bootstrap.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        String host = first.substring(0, colon);
        int port = Integer.parseInt(first.substring(colon + 1));
        return limit -> {
            // An Admin client against a closed port would retry quietly until its own timeout; a plain connect says "refused" at once.
            String closed = refusal(host, port, shorter(limit, CONNECT_LIMIT));
            if (closed != null) return closed;
            Duration call = shorter(limit, CALL_LIMIT);
            Map<String, Object> settings = new HashMap<>(clientSettings);
            settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) call.toMillis());
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) call.toMillis());
            settings.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, CONNECT_LIMIT.toMillis());
            settings.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, CONNECT_LIMIT.toMillis());
            Admin admin = Admin.create(settings);
            try {
                Collection<Node> nodes = admin.describeCluster().nodes().get(call.toMillis(), TimeUnit.MILLISECONDS);
                if (nodes.isEmpty()) return "no broker registered yet";
                admin.listTopics().names().get(call.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            } catch (ExecutionException e) {
                return describe(e.getCause());
            } catch (TimeoutException e) {
                return "no answer within " + call.toMillis() + " ms";
            } finally {
                admin.close(Duration.ofSeconds(1));
            }
        };
    }

    /** One bounded call of each of the registry's APIs at {@code base} (scheme, host, port): what readiness waits for, and what a watch repeats. */
    public static Probe registryProbe(URI base) {
        String root = base.toString().replaceAll("/+$", "");
        List<URI> endpoints = List.of(URI.create(root + "/apis/registry/v3/system/info"), URI.create(root + "/apis/ccompat/v7/subjects"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_LIMIT).build();
        return limit -> {
            for (URI endpoint : endpoints) {
                HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(shorter(limit, CALL_LIMIT)).GET().build();
                try {
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status / 100 != 2) return endpoint + " answered HTTP " + status;
                } catch (IOException e) {
                    return endpoint + ": " + describe(e);
                }
            }
            return null;
        };
    }

    private static String refusal(String host, int port, Duration limit) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, limit.toMillis()));
            return null;
        } catch (IOException e) {
            return "cannot connect to " + host + ":" + port + " (" + describe(e) + ")";
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
