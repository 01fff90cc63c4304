package io.supplyshock.topics;

import java.util.concurrent.TimeoutException;

/** Tells a registry that cannot be reached (wait and retry) from bytes it cannot resolve (bad input). */
public final class RegistryErrors {

    private RegistryErrors() {
    }

    /**
     * True when the failure is the transport's: a refused or reset connection, a timeout, or a server
     * error (5xx) from the registry. An unknown schema id (404) or undecodable bytes are not.
     */
    public static boolean isUnreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Transport failures only: an EOFException from truncated Avro is an IOException too, and is bad input.
            if (t instanceof TransportException || t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.UnknownHostException || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.nio.channels.ClosedChannelException || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof com.microsoft.kiota.ApiException api && api.getResponseStatusCode() >= 500) return true;
            if (t.getClass().getName().equals("io.vertx.core.http.HttpClosedException")) return true;
        }
        return false;
    }

    /** The HTTP status of the registry's answer in the failure's causes, or 0 when it gave none. */
    public static int status(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof com.microsoft.kiota.ApiException api && api.getResponseStatusCode() > 0) return api.getResponseStatusCode();
            if (t instanceof io.apicurio.registry.rest.client.models.ProblemDetails problem && problem.getStatus() != null) return problem.getStatus();
        }
        return 0;
    }

    /**
     * What the registry said, when it refused a request (a rule violation, an unknown id), in words a
     * producer team can act on; the exception's own message is empty for these. Null when it said nothing.
     */
    public static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.apicurio.registry.rest.client.models.RuleViolationProblemDetails violation) {
                StringBuilder out = refused(violation.getStatus(), violation.getTitle(), violation.getDetail());
                if (violation.getCauses() != null) {
                    violation.getCauses().forEach(c -> out.append("; ").append(c.getContext()).append(": ").append(c.getDescription()));
                }
                return out.toString();
            }
            if (t instanceof io.apicurio.registry.rest.client.models.ProblemDetails problem) {
                return refused(problem.getStatus(), problem.getTitle(), problem.getDetail()).toString();
            }
        }
        return null;
    }

    private static StringBuilder refused(Integer status, String title, String detail) {
        StringBuilder out = new StringBuilder("the schema registry refused it");
        if (status != null) out.append(" (HTTP ").append(status).append(")");
        if (title != null) out.append(": ").append(title);
        if (detail != null && title != null && detail.startsWith(title)) detail = detail.substring(title.length()).trim();
        if (detail != null && !detail.isEmpty()) out.append(" - ").append(detail);
        return out;
    }

    /**
     * A registry exchange that broke in transit: a connection closed before the whole answer came, a body cut
     * short. The bytes came from the registry, not from the record, so this is never the record's fault.
     */
    public static final class TransportException extends java.io.IOException {
        public TransportException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown when the registry stayed unreachable past the wait: the stream thread fails and is replaced. */
    public static final class RegistryUnavailableException extends RuntimeException {
        public RegistryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
