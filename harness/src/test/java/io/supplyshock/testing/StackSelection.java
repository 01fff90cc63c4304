package io.supplyshock.testing;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Which broker and registry the integration tests run against. Where a Docker engine answers, the official
 * Apache Kafka image and the Apicurio Registry image start under Testcontainers; where none does (as on the
 * machines this project is built on), the project's own {@code scripts/stack.sh} starts the same versions as
 * local processes. Either way the tests run: there is no skip. {@code SUPPLYSHOCK_IT_STACK} (or the system
 * property {@code supplyshock.it.stack}) forces a choice: {@code local}, {@code containers}, or {@code auto}.
 */
public final class StackSelection {

    public enum Kind { LOCAL_SCRIPTS, TESTCONTAINERS }

    /** What was chosen and why, for the test log. */
    public record Choice(Kind kind, String reason) {
    }

    private StackSelection() {
    }

    /**
     * @param requested    the forced choice, or null / blank / "auto"
     * @param dockerProbe  asks the Docker engine; returns null when it answers, else why not. Called only when needed.
     */
    public static Choice choose(String requested, Supplier<String> dockerProbe) {
        String mode = requested == null || requested.isBlank() ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "local" -> {
                return new Choice(Kind.LOCAL_SCRIPTS, "SUPPLYSHOCK_IT_STACK=local");
            }
            case "containers" -> {
                String whyNot = dockerProbe.get();
                if (whyNot != null) {
                    throw new IllegalStateException("SUPPLYSHOCK_IT_STACK=containers, but no Docker engine answers: " + whyNot
                            + "; unset it to use scripts/stack.sh instead");
                }
                return new Choice(Kind.TESTCONTAINERS, "SUPPLYSHOCK_IT_STACK=containers and a Docker engine answers");
            }
            case "auto" -> {
                String whyNot = dockerProbe.get();
                return whyNot == null
                        ? new Choice(Kind.TESTCONTAINERS, "a Docker engine answers")
                        : new Choice(Kind.LOCAL_SCRIPTS, "no Docker engine answers (" + whyNot + ")");
            }
            default -> throw new IllegalArgumentException("SUPPLYSHOCK_IT_STACK must be auto, local or containers, got '" + requested + "'");
        }
    }

    /** The choice for this test JVM, from the environment and the real Docker engine. */
    public static Choice fromEnvironment() {
        String requested = System.getProperty("supplyshock.it.stack", System.getenv("SUPPLYSHOCK_IT_STACK"));
        return choose(requested, StackSelection::askDocker);
    }

    /** Testcontainers' own discovery (environment, socket, Docker Desktop, ...); null when an engine answered. */
    static String askDocker() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable() ? null : "Testcontainers found no Docker environment";
        } catch (RuntimeException | LinkageError e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
