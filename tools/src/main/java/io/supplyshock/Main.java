package io.supplyshock;

import io.supplyshock.cli.Cli;
import io.supplyshock.config.AppConfig;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Command-line entry point: the streams app and the tools that go with it share one jar (see {@link Cli}). */
public final class Main {

    /**
     * Apicurio's serdes log "Using default shared Vertx instance" through java.util.logging the first time
     * they talk to the registry: a note about its own HTTP client that nobody running a tool can act on.
     * JUL holds loggers weakly, so the configured one is kept here.
     */
    private static final Logger VERTX_NOTICE = Logger.getLogger("io.apicurio.registry.client.common.DefaultVertxInstance");

    private Main() {
    }

    /**
     * Logback reads its configuration once, when the first logger is made, so the format is chosen
     * here before anything logs. An explicit -Dlogback.configurationFile wins.
     */
    public static void selectLogFormat(String format) {
        if (format == null || format.isBlank() || format.equalsIgnoreCase("text")) return;
        if (!format.equalsIgnoreCase("json")) {
            System.err.println("error: SUPPLYSHOCK_LOG_FORMAT must be 'text' or 'json', got '" + format + "'");
            System.exit(2);
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
    }

    /** Library notices a user cannot act on stay off stderr. */
    public static void quietLibraryNotices() {
        VERTX_NOTICE.setLevel(Level.SEVERE); // it logs at WARNING
    }

    public static void main(String[] args) {
        quietLibraryNotices();
        selectLogFormat(System.getenv("SUPPLYSHOCK_LOG_FORMAT"));
        System.exit(Cli.execute(args, AppConfig::fromEnvironment, System.out, System.err));
    }
}
