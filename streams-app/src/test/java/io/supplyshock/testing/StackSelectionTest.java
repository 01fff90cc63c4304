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
    void thisMachineHasNoDockerEngineSoTheRealProbeChoosesTheLocalStack() {
        // The machines this project is built on have the docker client but no engine; where one runs, this
        // test says so instead of silently passing, and the integration tests run in containers there.
        String whyNot = StackSelection.askDocker();
        boolean engine = new java.io.File("/var/run/docker.sock").exists() || System.getenv("DOCKER_HOST") != null;
        if (engine) {
            assertThat(StackSelection.choose(null, () -> whyNot).kind()).isEqualTo(whyNot == null
                    ? StackSelection.Kind.TESTCONTAINERS : StackSelection.Kind.LOCAL_SCRIPTS);
        } else {
            assertThat(whyNot).isNotNull();
            assertThat(StackSelection.choose(null, () -> whyNot).kind()).isEqualTo(StackSelection.Kind.LOCAL_SCRIPTS);
        }
    }
}
