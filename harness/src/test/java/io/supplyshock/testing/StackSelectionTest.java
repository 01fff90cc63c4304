package io.supplyshock.testing;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackSelectionTest {

    private static final Supplier<String> DOCKER_ANSWERS = () -> null;
    private static final Supplier<String> NO_DOCKER = () -> "no socket at /var/run/docker.sock";

    @Test
    void automaticallyContainersWhereDockerAnswersAndTheLocalStackElsewhere() {
        assertThat(StackSelection.choose(null, DOCKER_ANSWERS).kind()).isEqualTo(StackSelection.Kind.TESTCONTAINERS);
        assertThat(StackSelection.choose("auto", DOCKER_ANSWERS).kind()).isEqualTo(StackSelection.Kind.TESTCONTAINERS);
        StackSelection.Choice here = StackSelection.choose(" ", NO_DOCKER);
        assertThat(here.kind()).isEqualTo(StackSelection.Kind.LOCAL_SCRIPTS);
        assertThat(here.reason()).isEqualTo("no Docker engine answers (no socket at /var/run/docker.sock)");
    }

    @Test
    void forcedLocalNeverAsksDocker() {
        AtomicInteger asked = new AtomicInteger();
        StackSelection.Choice choice = StackSelection.choose("LOCAL", () -> {
            asked.incrementAndGet();
            return null;
        });
        assertThat(choice.kind()).isEqualTo(StackSelection.Kind.LOCAL_SCRIPTS);
        assertThat(asked).hasValue(0);
    }

    @Test
    void forcedContainersWithoutDockerFailsRatherThanSkipping() {
        assertThat(StackSelection.choose("containers", DOCKER_ANSWERS).kind()).isEqualTo(StackSelection.Kind.TESTCONTAINERS);
        assertThatThrownBy(() -> StackSelection.choose("containers", NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Docker engine answers: no socket at /var/run/docker.sock");
        assertThatThrownBy(() -> StackSelection.choose("kubernetes", NO_DOCKER))
                .hasMessageContaining("must be auto, local or containers, got 'kubernetes'");
    }

    @Test
    void theRealProbeAgreesWithTheDockerClientAboutWhetherAnEngineAnswers() throws Exception {
        // `docker info` exits 0 only when an engine answers; without the client, or without an engine (as on the
        // machines this project is built on), the probe must say no and the local stack must be chosen.
        boolean engineAnswers;
        try {
            Process docker = new ProcessBuilder("docker", "info").redirectErrorStream(true).start();
            docker.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            engineAnswers = docker.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && docker.exitValue() == 0;
        } catch (java.io.IOException noClient) {
            engineAnswers = false;
        }
        String whyNot = StackSelection.askDocker();
        assertThat(whyNot == null).as("probe: " + whyNot).isEqualTo(engineAnswers);
        assertThat(StackSelection.choose(null, () -> whyNot).kind())
                .isEqualTo(engineAnswers ? StackSelection.Kind.TESTCONTAINERS : StackSelection.Kind.LOCAL_SCRIPTS);
    }
}
