package io.supplyshock.tools;

import io.supplyshock.config.AppConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The streams app as a child JVM ({@code java -jar supplyshock.jar run}), configured through its
 * environment: what the chaos harness kills and the benchmark measures on its own (heap, resident
 * memory and CPU of the app alone, not of the harness).
 */
public final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * Children not yet closed or killed, stopped when this JVM exits however it exits. A child must not outlive the
     * harness that started it: it keeps its HTTP port and state directory, and on a stack started again on the same
     * ports it joins the next run. Seen: a bench whose app never reported RUNNING exited with the app still running,
     * and the next two runs failed on its port.
     */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AppProcess::stopLiveChildren, "supplyshock-child-reaper"));
    }

    private final Process process;
    private final String httpPort;
    private final Path log;

    private AppProcess(Process process, String httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        LIVE.add(process);
    }

    /** SIGTERM to every live child, so each can commit and leave its group; SIGKILL to those still running 10 s later. */
    private static void stopLiveChildren() {
        List<Process> children = List.copyOf(LIVE);
        children.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Process child : children) {
            try {
                if (!child.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) child.destroyForcibly();
            } catch (InterruptedException e) {
                child.destroyForcibly();
            }
        }
    }

    /**
     * JVM options for an app that lives seconds to a few minutes and is judged on what it writes, not how fast: the
     * chaos runs' apps between kills, the routed-query instances. C2's compiles cost more CPU than they save in that
     * time (on two shared cores, 2026-12-07: the crash-recovery test took 298 s of busy CPU with these and 400 s without,
     * the routed-query test 224 s and 289 s).
     */
    public static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1");

    /**
     * @param overrides environment entries over the config's settings (another state dir or HTTP port, Kafka client settings)
     */
    public static AppProcess start(AppConfig config, Path jar, String heap, Path log, Map<String, String> overrides) throws IOException {
        return start(config, jar, heap, java.util.List.of(), log, overrides);
    }

    /** @param jvmOptions further options of the app's JVM (a garbage collector, a flight recording), after the heap */
    public static AppProcess start(AppConfig config, Path jar, String heap, java.util.List<String> jvmOptions, Path log, Map<String, String> overrides)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(jar, heap, jvmOptions))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(config.environment());
        env.putAll(overrides);
        String port = overrides.getOrDefault(AppConfig.HTTP_PORT.envName(), config.get(AppConfig.HTTP_PORT));
        return new AppProcess(pb.start(), port, log);
    }

    /** Any command as a child under the same watch (the reaper's test starts one that is not the app). */
    static AppProcess startCommand(List<String> command, Path log) throws IOException {
        return new AppProcess(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), "0", log);
    }

    public long pid() {
        return process.pid();
    }

    /** The app's command line: this JVM's java, the heap, the further options, then the jar's {@code run} command. */
    static java.util.List<String> command(Path jar, String heap, java.util.List<String> jvmOptions) {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaCommand, "-Xmx" + heap, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        // Same JDK as this one: on 24+ Netty's sun.misc.Unsafe memory access would warn on every start.
        if (Runtime.version().feature() >= 24) command.add("--sun-misc-unsafe-memory-access=allow");
        command.addAll(java.util.List.of("-jar", jar.toString(), "run"));
        return command;
    }

    /** The jar this code runs from: the app the harnesses start is the same build. */
    public static Path ownJar() {
        try {
            Path jar = Path.of(AppProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) throw new IllegalStateException("not running from a jar: " + jar + " (build with mvn package)");
            return jar;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> freeHttpPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return Map.of(AppConfig.HTTP_PORT.envName(), String.valueOf(socket.getLocalPort()));
        }
    }

    /** Waits until /health answers 200 (state restored, RUNNING); returns how long that took. */
    public Duration awaitRunning(Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        URI health = URI.create("http://127.0.0.1:" + httpPort + "/health");
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("the app exited with " + process.exitValue() + " while starting; see " + log);
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return Duration.ofNanos(System.nanoTime() - t0);
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the app did not report RUNNING within " + timeout.toSeconds() + " s; see " + log);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public String httpPort() {
        return httpPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no commit, the state directory left as it was. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        LIVE.remove(process);
    }

    /** SIGTERM, then SIGKILL if the app has not stopped within a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
        LIVE.remove(process);
    }

    /** CPU seconds the app has used so far, from /proc. */
    public double cpuSeconds() throws IOException {
        return cpuSeconds(process.pid());
    }

    /**
     * CPU seconds the app's JIT compiler threads have used so far, from /proc (their names start "C1 Compiler" or
     * "C2 Compiler"): the share of its CPU that is the JVM warming up rather than the pipeline. A compiler thread
     * that has exited is not counted. -1 where /proc does not say.
     */
    public double compilerCpuSeconds() {
        return threadCpuSeconds(process.pid(), AppProcess::isCompilerThread);
    }

    /**
     * CPU seconds the app's garbage collector threads have used so far (G1's and the VM thread that runs its pauses),
     * from /proc; -1 where /proc does not say. Like the compilers, a cost the pipeline's own code does not show.
     */
    public double collectorCpuSeconds() {
        return threadCpuSeconds(process.pid(), AppProcess::isCollectorThread);
    }

    static boolean isCompilerThread(String name) {
        return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
    }

    static boolean isCollectorThread(String name) {
        return name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread");
    }

    /** CPU seconds of a process's live threads whose names match, from /proc; -1 where /proc does not say. */
    static double threadCpuSeconds(long pid, java.util.function.Predicate<String> name) {
        double seconds = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended between the listing and the read
                }
                if (name.test(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) seconds += ticksToSeconds(stat);
            }
        } catch (IOException e) {
            return -1;
        }
        return seconds;
    }

    /** User and system time of a /proc stat line (fields 14 and 15), in seconds; the name may hold spaces. */
    private static double ticksToSeconds(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after[0] is field 3 (state): utime and stime are fields 14 and 15.
        return (Long.parseLong(after[11]) + Long.parseLong(after[12])) / 100.0;
    }

    /** Resident memory in MB, from /proc. */
    public long residentMb() throws IOException {
        return residentMb(process.pid());
    }

    /** CPU seconds (user and system) a process has used since it started, from /proc. */
    public static double cpuSeconds(long pid) throws IOException {
        return ticksToSeconds(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** A process's resident memory in MB, from /proc; -1 where it says none. */
    public static long residentMb(long pid) throws IOException {
        List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        return status.stream().filter(l -> l.startsWith("VmRSS")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).orElse(-1L);
    }

    /** Asks the app's JVM for a full collection (jcmd GC.run), so that a heap figure after it is the live data. */
    public void collectGarbage() throws Exception {
        jcmd(process.pid(), "GC.run", Duration.ofSeconds(60));
    }

    /**
     * What {@code jcmd PID COMMAND} prints, run with the JDK this JVM runs on, or a line in brackets saying why it printed
     * nothing. Bounded by {@code limit}: a jcmd still running then is killed. Its output goes through a file, so that a
     * jcmd that hangs with its output open cannot hold the reader past the limit.
     */
    public static String jcmd(long pid, String command, Duration limit) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) return "(no jcmd at " + jcmd + ")";
        Path output = Files.createTempFile("supplyshock-jcmd", ".txt");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "(jcmd " + command + " gave no answer within " + limit.toSeconds() + " s)";
            }
            return Files.readString(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Heap in use in MB, as the app's own /metrics reports it (jvm_memory_used_bytes, area heap). */
    public long heapUsedMb() throws Exception {
        double bytes = 0;
        for (String line : get("/metrics").body().lines().toList()) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) (bytes / (1024 * 1024));
    }

    public static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new HashMap<>(a);
        out.putAll(b);
        return out;
    }
}
