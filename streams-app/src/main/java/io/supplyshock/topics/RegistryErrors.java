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
            if (t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.UnknownHostException || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.nio.channels.ClosedChannelException || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof com.microsoft.kiota.ApiException api && api.getResponseStatusCode() >= 500) return true;
            if (t.getClass().getName().equals("io.vertx.core.http.HttpClosedException")) return true;
        }
        return false;
    }

    /** Thrown when the registry stayed unreachable past the wait: the stream thread fails and is replaced. */
    public static final class RegistryUnavailableException extends RuntimeException {
        public RegistryUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
