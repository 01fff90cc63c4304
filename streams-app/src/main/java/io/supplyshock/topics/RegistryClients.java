package io.supplyshock.topics;

import com.microsoft.kiota.RequestAdapter;
import com.microsoft.kiota.RequestInformation;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryClientFacadeImpl;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.kiota.http.jdk.JDKRequestAdapter;
import io.supplyshock.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Registry clients whose every call ends: a connect timeout, a deadline on the whole exchange (headers
 * and body), and a bounded number of retries with doubling backoff when the registry cannot be reached.
 *
 * <p>Apicurio's own JDK adapter sets a connect timeout but no request timeout, and reads the body from
 * a stream after {@code send} returns; a registry that accepts a connection and never answers (or sends
 * headers and never the body) would block the caller for ever. The deadline here covers the call as the
 * serde sees it, so both stalls end with an {@link HttpTimeoutException} naming the registry and the call,
 * which {@link RegistryErrors#isUnreachable} counts as "wait and retry", never as bad input.
 */
public final class RegistryClients {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryClients.class);

    /** How long a registry call may take, and how often a failed one is tried again. */
    public record Limits(Duration connectTimeout, Duration requestTimeout, int attempts, Duration firstBackoff) {
        public Limits {
            if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("registry connect timeout must be positive");
            if (requestTimeout.isNegative() || requestTimeout.isZero()) throw new IllegalArgumentException("registry request timeout must be positive");
            if (attempts < 1) throw new IllegalArgumentException("registry attempts must be at least 1, got " + attempts);
        }

        public static Limits of(AppConfig config) {
            return new Limits(Duration.ofMillis(config.getInt(AppConfig.REGISTRY_CONNECT_TIMEOUT_MS)),
                    Duration.ofMillis(config.getInt(AppConfig.REGISTRY_REQUEST_TIMEOUT_MS)),
                    config.getInt(AppConfig.REGISTRY_ATTEMPTS), Duration.ofMillis(200));
        }
    }

    private RegistryClients() {
    }

    public static RegistryClientFacade facade(AppConfig config) {
        return facade(config.get(AppConfig.REGISTRY_URL), Limits.of(config));
    }

    public static RegistryClientFacade facade(String registryUrl, Limits limits) {
        // HTTP/1.1 without the h2c upgrade request: the registry's server answers plain HTTP/1.1 on loopback.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(limits.connectTimeout()).build();
        JDKRequestAdapter jdk = new JDKRequestAdapter(http) {
            @Override
            protected HttpRequest getRequestFromRequestInformation(RequestInformation info) {
                // The JDK's own timeout ends a wait for the headers and releases the connection; the deadline
                // in Bounded also covers a body that never comes.
                return HttpRequest.newBuilder(super.getRequestFromRequestInformation(info), (name, value) -> true)
                        .timeout(limits.requestTimeout()).build();
            }
        };
        String base = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        jdk.setBaseUrl(base);
        RequestAdapter bounded = (RequestAdapter) Proxy.newProxyInstance(RegistryClients.class.getClassLoader(),
                new Class<?>[] {RequestAdapter.class}, new Bounded(jdk, base, limits));
        return new RegistryClientFacadeImpl(new RegistryClient(bounded));
    }

    public static <T> AvroKafkaSerializer<T> serializer(AppConfig config) {
        return serializer(config, config.serdeConfig());
    }

    /** A value serializer configured with {@code serdeConfig} and a bounded client for {@code config}'s registry. */
    public static <T> AvroKafkaSerializer<T> serializer(AppConfig config, Map<String, ?> serdeConfig) {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>(facade(config));
        serializer.configure(serdeConfig, false);
        return serializer;
    }

    public static <T> AvroKafkaDeserializer<T> deserializer(AppConfig config) {
        return deserializer(config, config.serdeConfig());
    }

    public static <T> AvroKafkaDeserializer<T> deserializer(AppConfig config, Map<String, ?> serdeConfig) {
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>(facade(config));
        deserializer.configure(serdeConfig, false);
        return deserializer;
    }

    /** Runs each {@code send*} call under a deadline, retrying calls that found the registry unreachable. */
    static final class Bounded implements InvocationHandler {
        private final RequestAdapter delegate;
        private final String registryUrl;
        private final Limits limits;

        Bounded(RequestAdapter delegate, String registryUrl, Limits limits) {
            this.delegate = delegate;
            this.registryUrl = registryUrl;
            this.limits = limits;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "bounded registry client for " + registryUrl;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> method.invoke(delegate, args);
                };
            }
            if (!method.getName().startsWith("send")) return direct(method, args);
            String call = describe(args, registryUrl);
            byte[] body = bufferedBody(args);
            long backoff = limits.firstBackoff().toMillis();
            boolean anEarlierAttemptMayHaveLanded = false;
            for (int attempt = 1; ; attempt++) {
                try {
                    // Each attempt sends the whole body: the adapter reads it from a stream, which the attempt
                    // before (timed out mid-exchange) left exhausted, and the registry refused the empty retry with a 400.
                    if (body != null) ((RequestInformation) args[0]).content = new ByteArrayInputStream(body);
                    return withDeadline(method, args, call);
                } catch (RuntimeException e) {
                    boolean unreachable = RegistryErrors.isUnreachable(e);
                    // A registration that timed out may still have been carried out, or still be under way: the next
                    // attempt can then collide with it (409) although the serde asks to find or create. Once the first
                    // has landed, another attempt finds the version it made.
                    boolean collidedWithItself = anEarlierAttemptMayHaveLanded && RegistryErrors.status(e) == 409;
                    if (!(unreachable || collidedWithItself) || attempt >= limits.attempts()) {
                        if (unreachable || collidedWithItself || attempt > 1) {
                            // After a retry the registry's own words matter: the first attempt may still be under way.
                            String said = RegistryErrors.describe(e);
                            LOG.warn("schema registry {}: {} failed after {} attempt(s): {}", registryUrl, call, attempt,
                                    said != null ? said : rootMessage(e));
                        }
                        throw e;
                    }
                    anEarlierAttemptMayHaveLanded |= unreachable;
                    LOG.warn("schema registry {}: {} failed (attempt {} of {}): {}; retrying in {} ms",
                            registryUrl, call, attempt, limits.attempts(),
                            collidedWithItself ? "HTTP 409, a conflict with the attempt before it" : rootMessage(e), backoff);
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        }

        /** The request's body read once into memory (schemas and lookups are small), or null when it has none. */
        private static byte[] bufferedBody(Object[] args) throws java.io.IOException {
            if (args == null || args.length == 0 || !(args[0] instanceof RequestInformation info) || info.content == null) return null;
            try (InputStream content = info.content) {
                return content.readAllBytes();
            }
        }

        private Object direct(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /**
         * The call runs on its own virtual thread so that the caller can stop waiting whatever the call is
         * blocked in; the abandoned call is interrupted, which ends both {@code HttpClient.send} and a read
         * from its body stream.
         */
        private Object withDeadline(Method method, Object[] args, String call) throws InterruptedException {
            FutureTask<Object> task = new FutureTask<>(() -> {
                try {
                    Object result = direct(method, args);
                    // A schema comes back as a stream the caller reads later, outside any deadline; read it here.
                    if (result instanceof InputStream body) {
                        try (body) {
                            return new ByteArrayInputStream(body.readAllBytes());
                        }
                    }
                    return result;
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable other) {
                    throw new IllegalStateException(other);
                }
            });
            Thread worker = Thread.ofVirtual().name("registry-call").start(task);
            try {
                return task.get(limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                worker.interrupt();
                throw new UncheckedIOException(new HttpTimeoutException("schema registry " + registryUrl + " gave no complete answer to "
                        + call + " within " + limits.requestTimeout().toMillis() + " ms"));
            } catch (InterruptedException e) {
                worker.interrupt();
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error error) throw error;
                // The JDK's own timeout and the deadline above are the same length, so under load either can
                // fire first; both mean the same thing to whoever reads the log.
                if (timedOut(cause)) {
                    throw new UncheckedIOException(new HttpTimeoutException("schema registry " + registryUrl + " gave no complete answer to "
                            + call + " within " + limits.requestTimeout().toMillis() + " ms"));
                }
                // An I/O failure inside a registry call (a connection closed mid-answer, a body cut short) is the
                // transport's, even where it surfaces as an EOFException that would mean bad Avro in a record.
                if (brokenInTransit(cause)) {
                    throw new UncheckedIOException(new RegistryErrors.TransportException("schema registry " + registryUrl + ": " + call
                            + " broke off: " + rootMessage(cause), cause));
                }
                if (cause instanceof RuntimeException runtime) throw runtime;
                throw new IllegalStateException("schema registry " + registryUrl + ": " + call + " failed", cause);
            }
        }

        private static boolean timedOut(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof HttpTimeoutException) return true;
            }
            return false;
        }

        private static boolean brokenInTransit(Throwable error) {
            boolean io = false;
            for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof com.microsoft.kiota.ApiException) return false; // the registry answered, with an error
                if (t instanceof java.io.IOException) io = true;
            }
            return io;
        }

        private static String describe(Object[] args, String registryUrl) {
            if (args != null && args.length > 0 && args[0] instanceof RequestInformation info) {
                try {
                    // The adapter sets the same base URL just before it sends.
                    info.pathParameters.putIfAbsent("baseurl", registryUrl);
                    return info.httpMethod + " " + info.getUri().getPath();
                } catch (Exception e) {
                    return info.httpMethod + " " + info.urlTemplate;
                }
            }
            return "a call";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
