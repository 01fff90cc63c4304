package io.supplyshock.stack;

import java.util.Locale;

/**
 * The SCRAM users of the secure stack, one per job. {@link #shortName()} is what {@code scripts/stack.sh env --as}
 * takes and what the per-principal files in the secure folder are named after ({@code client-app.properties}).
 */
public enum Principal {
    /** The operator: super user, creates topics, users and ACLs; also the broker's own inter-broker identity. */
    ADMIN("supplyshock-admin"),
    /** The streams application. */
    APP("supplyshock-app"),
    /** The event, profile and baseline publishers. */
    PUBLISHER("supplyshock-publisher"),
    /** Downstream readers of the output topics. */
    CONSUMER("supplyshock-consumer");

    private final String user;

    Principal(String user) {
        this.user = user;
    }

    public String user() {
        return user;
    }

    /** As Kafka's authorizer names it. */
    public String kafkaPrincipal() {
        return "User:" + user;
    }

    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
