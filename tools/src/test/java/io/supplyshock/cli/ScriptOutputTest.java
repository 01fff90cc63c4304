package io.supplyshock.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code scripts/supplyshock.sh} as a user would (on this build's classes rather than the jar, through
 * SUPPLYSHOCK_CLASSPATH) and checks that stderr carries no JVM or library warning.
 */
class ScriptOutputTest {

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run script(String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("supplyshock.project.root", "..")).toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/supplyshock.sh").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("supplyshock-out", ".txt");
        Path err = Files.createTempFile("supplyshock-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("SUPPLYSHOCK_CLASSPATH", System.getProperty("java.class.path"));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished within 120 s").isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void helpConfigAndADryRunPrintNoWarnings() throws Exception {
        Run help = script("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.stdout()).startsWith("Usage: supplyshock");
        assertThat(help.stderr()).doesNotContain("WARNING:").isEmpty();

        Run config = script("config");
        assertThat(config.exit()).isZero();
        assertThat(config.stdout()).contains("SUPPLYSHOCK_BOOTSTRAP_SERVERS");
        assertThat(config.stderr()).doesNotContain("WARNING:");

        Run baseline = script("publish-baseline", "--dry-run");
        assertThat(baseline.exit()).isZero();
        assertThat(baseline.stdout()).contains("[dry run, nothing sent]").contains("commodity profiles:");
        assertThat(baseline.stderr()).doesNotContain("WARNING:");
    }

    @Test
    void aBadOptionExitsTwoThroughTheScript() throws Exception {
        Run bad = script("summary", "--frobnicate");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.stderr()).startsWith("error: Unknown option: '--frobnicate'").doesNotContain("WARNING:");
    }
}
