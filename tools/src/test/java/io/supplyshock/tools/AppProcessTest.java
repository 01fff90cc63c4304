package io.supplyshock.tools;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AppProcessTest {

    @Test
    void furtherJvmOptionsComeAfterTheHeapAndBeforeTheJar() {
        List<String> command = AppProcess.command(Path.of("/opt/supplyshock.jar"), "512m",
                List.of("-XX:+UseParallelGC", "-XX:StartFlightRecording=filename=app.jfr"));

        assertThat(command.get(1)).isEqualTo("-Xmx512m");
        assertThat(command).containsSubsequence("-Xmx512m", "-XX:+UseParallelGC", "-XX:StartFlightRecording=filename=app.jfr", "-jar");
        assertThat(command.subList(command.size() - 3, command.size())).containsExactly("-jar", "/opt/supplyshock.jar", "run");
    }

    @Test
    void withoutFurtherOptionsTheCommandHoldsOnlyTheHeapAndTheJdkFlags() {
        List<String> command = AppProcess.command(Path.of("app.jar"), "1g", List.of());

        assertThat(command).noneMatch(arg -> arg.startsWith("-XX:"));
        assertThat(command).contains("-Xmx1g", "--enable-native-access=ALL-UNNAMED");
    }
}
