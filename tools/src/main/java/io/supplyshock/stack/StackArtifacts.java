package io.supplyshock.stack;

import io.supplyshock.tools.Directories;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's class path and the unpacked registry of the local stack, resolved by Maven from the resolver pom
 * ({@code scripts/stack/pom.xml}, with the user's repository settings and ~/.m2 cache) into a dist folder:
 * {@code kafka.classpath} (the jars stay in ~/.m2) and {@code apicurio-registry-VERSION/}. Several stack folders may
 * share one dist folder; resolving into it is serialised by a lock file.
 */
public final class StackArtifacts {

    /** Written last: the pom's digest, so that a changed pom resolves again. */
    static final String STAMP = ".resolved";
    /** The registry's launcher, for scripts/stack.sh: the path depends on the version the pom names. */
    static final String REGISTRY_JAR = "registry.jar";
    private static final Duration LOCK_WAIT = Duration.ofMinutes(10);
    private static final Duration MAVEN_TIME_LIMIT = Duration.ofMinutes(30);

    private final Path distDir;
    private final Path pom;

    public StackArtifacts(Path distDir, Path pom) {
        this.distDir = distDir;
        this.pom = pom;
    }

    /**
     * True when the dist folder matches the pom and every jar of the class path is still there: the class path
     * points into the local Maven repository, which may have been pruned since, and re-resolving is cheaper than a
     * broker dying on startup.
     */
    public boolean resolved() throws IOException {
        Path stamp = distDir.resolve(STAMP);
        Path classpath = distDir.resolve("kafka.classpath");
        if (!Files.exists(stamp) || !Files.exists(classpath) || !Files.exists(registryJar())) return false;
        if (!Files.readString(stamp).trim().equals(pomDigest())) return false;
        for (String jar : Files.readString(classpath).trim().split(":")) {
            if (!Files.exists(Path.of(jar))) return false;
        }
        return true;
    }

    /** Runs Maven once if {@link #resolved()} says so; another stack resolving into the same folder is waited for. */
    public void resolve(Consumer<String> log) throws IOException, StackException, InterruptedException {
        if (resolved()) return;
        Files.createDirectories(distDir);
        try (FileChannel channel = FileChannel.open(distDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lock(channel)) {
            if (resolved()) return;
            log.accept("resolving Kafka and Apicurio Registry with Maven into " + distDir + " (first run only) ...");
            // Stale unpack markers would make Maven skip re-unpacking a deleted registry folder.
            Directories.deleteTree(distDir.resolve(".maven"));
            Files.deleteIfExists(distDir.resolve(STAMP));
            Path mavenLog = distDir.resolve("resolve.log");
            Files.deleteIfExists(mavenLog);
            TimedCommand.run("resolving Kafka and Apicurio Registry with Maven (needed once)",
                    List.of("mvn", "-B", "-q", "-f", pom.toString(), "generate-resources", "-Dstack.dist.dir=" + distDir),
                    Map.of(), mavenLog, MAVEN_TIME_LIMIT);
            Path launcher = distDir.resolve("apicurio-registry-" + pomProperty("apicurio.registry.version")).resolve("quarkus-run.jar");
            if (!Files.exists(launcher)) throw new StackException("Apicurio Registry was not unpacked to " + launcher.getParent() + " (see " + mavenLog + ")");
            Files.writeString(distDir.resolve(REGISTRY_JAR), launcher + "\n");
            Files.writeString(distDir.resolve(STAMP), pomDigest() + "\n");
        }
    }

    /** The registry's launcher (quarkus-run.jar) as the last resolution found it. */
    Path registryJar() throws IOException {
        Path file = distDir.resolve(REGISTRY_JAR);
        return Files.exists(file) ? Path.of(Files.readString(file).trim()) : file.resolve("missing");
    }

    private FileLock lock(FileChannel channel) throws IOException, StackException, InterruptedException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            FileLock lock = channel.tryLock();
            if (lock != null) return lock;
            Thread.sleep(500);
        }
        throw new StackException("timed out after " + LOCK_WAIT.toMinutes() + " min waiting for another stack resolving into " + distDir);
    }

    String pomProperty(String name) throws IOException, StackException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(pom));
        if (!m.find()) throw new StackException(pom + " names no " + name);
        return m.group(1).trim();
    }

    String pomDigest() throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pom)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
