package io.supplyshock.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backstop behind JUnit's per-method timeouts: a test class that runs longer than
 * {@code supplyshock.test.class.limit.minutes} (a class whose code ignores the timeout's interrupt, or a
 * hang in a static initialiser or an extension) gets a full thread dump on stderr and in
 * {@code target/hang-dumps/}, and the test JVM exits with status 3, so Maven reports the fork as failed
 * minutes after the hang instead of at CI's limit. Registered for every test run through
 * {@code META-INF/services}.
 */
public final class HangWatchdog implements TestExecutionListener {

    private static final String LIMIT_PROPERTY = "supplyshock.test.class.limit.minutes";

    private final Map<String, Instant> runningClasses = new ConcurrentHashMap<>();
    private volatile Thread watcher;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        Duration limit = Duration.ofMinutes(Long.getLong(LIMIT_PROPERTY, 15));
        Thread t = new Thread(() -> watch(limit), "hang-watchdog");
        t.setDaemon(true);
        t.start();
        watcher = t;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Thread t = watcher;
        if (t != null) t.interrupt();
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.getSource().orElse(null) instanceof ClassSource source) runningClasses.put(source.getClassName(), Instant.now());
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.getSource().orElse(null) instanceof ClassSource source) runningClasses.remove(source.getClassName());
    }

    private void watch(Duration limit) {
        try {
            while (true) {
                Thread.sleep(5_000);
                Instant now = Instant.now();
                for (var entry : runningClasses.entrySet()) {
                    Duration ran = Duration.between(entry.getValue(), now);
                    if (ran.compareTo(limit) > 0) {
                        giveUp(entry.getKey(), ran);
                        return;
                    }
                }
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }

    private static void giveUp(String testClass, Duration ran) {
        String dump = "HANG: " + testClass + " has run for " + ran.toSeconds() + " s, over the limit of -D" + LIMIT_PROPERTY
                + "; thread dump follows, then this test JVM exits with status 3\n" + threadDump();
        PrintStream err = System.err;
        err.println(dump);
        err.flush();
        try {
            Path dir = Path.of("target", "hang-dumps");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(testClass + ".txt"), dump, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("could not write the dump file: " + e);
        }
        // exit runs the shutdown hooks that stop the class's stack processes; halt if a hook hangs too.
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(3);
        }, "hang-watchdog-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(3);
    }

    /** Every thread with its whole stack (ThreadInfo.toString cuts stacks at eight frames) and its locks. */
    public static String threadDump() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId())
                    .append(info.isDaemon() ? " daemon" : "").append(' ').append(info.getThreadState());
            if (info.getLockName() != null) out.append(" on ").append(info.getLockName());
            if (info.getLockOwnerName() != null) out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            out.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < stack.length; i++) {
                out.append("\tat ").append(stack[i]).append('\n');
                for (MonitorInfo monitor : info.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == i) out.append("\t- locked ").append(monitor).append('\n');
                }
            }
            for (LockInfo sync : info.getLockedSynchronizers()) out.append("\t- holds ").append(sync).append('\n');
            out.append('\n');
        }
        return out.toString();
    }
}
