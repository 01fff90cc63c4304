package io.supplyshock.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    @Test
    void threadGroupsAreToldApartByTheNamesTheJvmGivesThem() {
        assertThat(AppProcess.isCompilerThread("C2 CompilerThre")).isTrue();   // /proc cuts names at 15 characters
        assertThat(AppProcess.isCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(AppProcess.isCollectorThread("GC Thread#0")).isTrue();
        assertThat(AppProcess.isCollectorThread("G1 Conc#0")).isTrue();
        assertThat(AppProcess.isCollectorThread("VM Thread")).isTrue();
        assertThat(AppProcess.isCollectorThread("supplyshock-ben")).isFalse();
        assertThat(AppProcess.isCompilerThread("GC Thread#0")).isFalse();
    }

    @Test
    void aThreadGroupsCpuIsReadFromProcAndMinusOneForAProcessThatIsGone() {
        long self = ProcessHandle.current().pid();
        // This JVM has compiled code to get here: its compiler threads have used CPU; no thread is called this.
        assertThat(AppProcess.threadCpuSeconds(self, AppProcess::isCompilerThread)).isPositive();
        assertThat(AppProcess.threadCpuSeconds(self, name -> name.equals("no such thread"))).isZero();
        assertThat(AppProcess.threadCpuSeconds(Integer.MAX_VALUE, name -> true)).isEqualTo(-1);
    }

    @Test
    void aChildStillRunningWhenItsHarnessExitsIsStoppedWithIt(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process harness = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ExitsWithAChildRunning.class.getName(), dir.resolve("child.log").toString()).redirectErrorStream(true).start();
        String printed = new String(harness.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(harness.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(harness.exitValue()).as(printed).isEqualTo(3);
        long childPid = Long.parseLong(printed.lines().filter(line -> line.matches("\\d+")).findFirst()
                .orElseThrow(() -> new AssertionError("no pid printed: " + printed)));
        try {
            assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false))
                    .as("the child (pid %d) outlived the JVM that started it", childPid).isFalse();
        } finally {
            ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void jcmdReturnsWhatTheJvmAnsweredAndSaysSoWhenThereIsNoSuchJvm() throws Exception {
        String version = AppProcess.jcmd(ProcessHandle.current().pid(), "VM.version", Duration.ofSeconds(30));
        assertThat(version).contains(ProcessHandle.current().pid() + ":").contains(Runtime.version().toString());
        // A pid no process holds: jcmd's own complaint comes back, not an empty string.
        assertThat(AppProcess.jcmd(Integer.MAX_VALUE, "VM.version", Duration.ofSeconds(30))).isNotBlank();
    }

    /** Run as a JVM of its own: starts a long-lived child, prints its pid and exits as a failed run does, without closing it. */
    static final class ExitsWithAChildRunning {
        public static void main(String[] args) throws Exception {
            AppProcess child = AppProcess.startCommand(List.of("sleep", "300"), Path.of(args[0]));
            System.out.println(child.pid());
            System.out.flush();
            System.exit(3);
        }
    }
}
