package io.supplyshock.harness;

import io.supplyshock.config.AppConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness jar answers the harness commands and every tool command; its script prints no JVM warning. */
class HarnessCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static final Path ROOT = Path.of(System.getProperty("supplyshock.project.root", "..")).toAbsolutePath().normalize();

    @Test
    void theHarnessAddsBenchChaosAndEvaluateToTheTools() {
        var commands = HarnessMain.commandLine(() -> AppConfig.of(Map.of()), System.out, System.err).getSubcommands();
        assertThat(commands.keySet()).contains("evaluate", "bench", "chaos", "run", "publish", "summary", "config");
        for (String name : List.of("evaluate", "bench", "chaos")) {
            assertThat(commands.get(name).getUsageMessage()).as(name).contains("Usage: supplyshock " + name);
        }
    }

    @Test
    void theHarnessCommandsKeepTheirOptionsAndRejectBadValues() {
        assertThat(harness("chaos", "--help")).isZero();
        assertThat(stdout()).contains("--phase=reference|disturbed", "--snapshot=FILE", "--kills=K", "--wipe-state",
                "--broker-restart", "--registry-outage-seconds=S", "--failover", "--stack-script=PATH");
        assertThat(harness("chaos", "--phase", "sideways", "--snapshot", "s.json")).isEqualTo(2);
        assertThat(stderr()).contains("--phase").contains("reference, disturbed");
        out.reset();
        assertThat(harness("bench", "--help")).isZero();
        assertThat(stdout()).contains("--app-heap=SIZE", "--app-jvm-option=OPTION", "--warmup-rounds=N");
        err.reset();
        assertThat(harness("bench", "--events", "2000000")).isEqualTo(2);
        assertThat(stderr()).contains("load is bounded");
        err.reset();
        assertThat(harness("bench", "--wide", "10by10")).isEqualTo(2);
        assertThat(stderr()).contains("--wide must be COMMODITIESxPROFILES");
        err.reset();
        assertThat(harness("bench", "--floor", "--wide", "10x10")).isEqualTo(2);
        assertThat(stderr()).contains("--floor and --wide are two different runs");
        err.reset();
        assertThat(harness("bench", "--warmup-settled-share", "0")).isEqualTo(2);
        assertThat(stderr()).contains("--warmup-settled-share must be above 0 and at most 1, got 0.0");
        err.reset();
        assertThat(harness("bench", "--warmup-rounds", "11")).isEqualTo(2);
        assertThat(stderr()).contains("at most 10 warm-up rounds");
    }

    @Test
    void benchSummaryPutsRunsSideBySideAndRefusesAFileItCannotRead(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path one = Files.writeString(dir.resolve("results-1.md"), "| figure | value |\n|---|---|\n\n## Key figures\n\n| figure | value |\n|---|---|\n| p99 at 1000 events/s, ms | 342 |\n");
        Path two = Files.writeString(dir.resolve("results-2.md"), "\n## Key figures\n\n| figure | value |\n|---|---|\n| p99 at 1000 events/s, ms | 250 |\n");
        Path summary = dir.resolve("summary.md");
        assertThat(harness("bench-summary", "--out", summary.toString(), one.toString(), two.toString())).isZero();
        assertThat(stdout()).contains("| p99 at 1000 events/s, ms | 342 · 250 | **296** |");
        assertThat(Files.readString(summary)).isEqualTo(stdout());
        assertThat(harness("bench-summary", dir.resolve("absent.md").toString())).isEqualTo(2);
        assertThat(stderr()).contains("no results file " + dir.resolve("absent.md"));
        err.reset();
        Path old = Files.writeString(dir.resolve("old.md"), "| figure | value |\n|---|---|\n| pipeline vs baseline 2 | 0.38 |\n");
        assertThat(harness("bench-summary", old.toString())).isEqualTo(2);
        assertThat(stderr()).contains("has no '## Key figures' section");
    }

    private int harness(String... args) {
        return HarnessMain.commandLine(() -> AppConfig.of(Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anEvaluationThroughTheScriptThatLoadsRocksDbPrintsNoWarnings() throws IOException, InterruptedException {
        // The offline replay runs the real topology, whose stores load RocksDB's native library: without the
        // script's --enable-native-access the JVM warns about a restricted method on stderr.
        Path out = Files.createTempFile("evaluate-out", ".txt");
        Path err = Files.createTempFile("evaluate-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("scripts/evaluate.sh").toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("SUPPLYSHOCK_CLASSPATH", System.getProperty("java.class.path"));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished within 120 s").isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("totals: recall");
            assertThat(Files.readString(err, StandardCharsets.UTF_8)).doesNotContain("WARNING:");
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
