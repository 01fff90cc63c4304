package io.supplyshock.bench;

import io.supplyshock.stack.Readiness;
import io.supplyshock.tools.AppProcess;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Probes the bench stack's registry once a second while a run lasts. The registry went silent under load three times
 * in earlier runs (a registration unanswered for over 10 s twice, a fresh registry refusing connections once) and
 * left no trace of why: now the first probe of each streak that fails or takes longer than {@link #SLOW} saves the
 * registry JVM's threads and heap ({@code jcmd}) beside the results, and the run ends with a line saying how often
 * and how long the registry was slow. Bounded: at most {@link #MAX_DUMPS} dumps, each command with a time limit.
 */
final class RegistryWatch implements AutoCloseable {

    static final Duration SLOW = Duration.ofSeconds(2);
    static final int MAX_DUMPS = 3;
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(5);
    private static final Duration JCMD_LIMIT = Duration.ofSeconds(20);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Readiness.Probe probe;
    private final Duration slow;
    private final OptionalLong registryPid;
    private final Path dumpDir;
    private final PrintStream out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "registry-watch");
        t.setDaemon(true);
        return t;
    });

    private final List<Path> dumps = new ArrayList<>();
    private long probes, troubled, streaks;
    private long longestMillis;
    private boolean inStreak;
    private String firstProblem;

    /** @param slow a probe that takes longer counts as trouble ({@link #SLOW} in a bench) */
    RegistryWatch(Readiness.Probe probe, OptionalLong registryPid, Path dumpDir, PrintStream out, Duration slow) {
        this.probe = probe;
        this.slow = slow;
        this.registryPid = registryPid;
        this.dumpDir = dumpDir;
        this.out = out;
    }

    RegistryWatch start(Duration every) {
        timer.scheduleWithFixedDelay(this::probeOnce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One probe; package-private so that a test can step the watch without a timer. */
    synchronized void probeOnce() {
        long t0 = System.nanoTime();
        String problem;
        try {
            problem = probe.attempt(PROBE_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            problem = e.toString();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        probes++;
        if (problem == null && millis <= slow.toMillis()) {
            inStreak = false;
            return;
        }
        troubled++;
        longestMillis = Math.max(longestMillis, millis);
        if (inStreak) return;
        inStreak = true;
        streaks++;
        String what = problem != null ? problem : "answered after " + millis + " ms";
        if (firstProblem == null) firstProblem = what;
        Path dump = dumps.size() < MAX_DUMPS ? dump(what) : null;
        out.printf(Locale.ROOT, "  registry slow or silent: %s%s%n", what, dump == null ? "" : "; its threads and heap: " + dump);
    }

    private Path dump(String problem) {
        if (registryPid.isEmpty()) return null;
        try {
            Files.createDirectories(dumpDir);
            Path file = dumpDir.resolve("registry-" + STAMP.format(Instant.now()) + ".txt");
            StringBuilder text = new StringBuilder("registry probe: ").append(problem).append("\n\n");
            for (String command : List.of("Thread.print", "GC.heap_info")) {
                text.append("== jcmd ").append(registryPid.getAsLong()).append(' ').append(command).append(" ==\n").append(jcmd(command)).append('\n');
            }
            Files.writeString(file, text);
            dumps.add(file);
            return file;
        } catch (IOException e) {
            out.println("  registry watch: could not save a dump: " + e.getMessage());
            return null;
        }
    }

    private String jcmd(String command) throws IOException {
        try {
            return AppProcess.jcmd(registryPid.getAsLong(), command, JCMD_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    synchronized String summary() {
        if (troubled == 0) return String.format(Locale.ROOT, "answered all %d probes within %d ms", probes, slow.toMillis());
        return String.format(Locale.ROOT, "%d of %d probes slow (over %d ms) or failed, in %d streak(s), the longest probe %d ms; first: %s%s",
                troubled, probes, slow.toMillis(), streaks, longestMillis, firstProblem,
                dumps.isEmpty() ? "" : "; dumps: " + dumps.stream().map(Path::toString).collect(Collectors.joining(", ")));
    }

    synchronized long probes() {
        return probes;
    }

    synchronized long troubledProbes() {
        return troubled;
    }

    synchronized List<Path> dumps() {
        return List.copyOf(dumps);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(PROBE_LIMIT.toMillis() + JCMD_LIMIT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
