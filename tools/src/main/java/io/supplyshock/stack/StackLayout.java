package io.supplyshock.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.stream.Stream;

/**
 * Where a stack's generated files go. Locally that is the folder {@code scripts/stack.sh} keeps per stack
 * ({@code SUPPLYSHOCK_STACK_DIR}); in the compose file it is a volume that every container of the secure profile
 * mounts at the same path, so the paths written into the files hold in each of them.
 *
 * @param dataDir the broker's log.dirs: under the stack folder locally, the broker container's own volume in compose
 */
public record StackLayout(Path stackDir, Path dataDir) {

    public static StackLayout of(Path stackDir) {
        return new StackLayout(stackDir, stackDir.resolve("kafka").resolve("data"));
    }

    /** Pid files and the argument files of the stack's processes. */
    public Path runDir() {
        return stackDir.resolve("run");
    }

    public Path logDir() {
        return stackDir.resolve("logs");
    }

    /** java.io.tmpdir of every JVM of the stack: nothing lands in /tmp. */
    public Path tmpDir() {
        return stackDir.resolve("tmp");
    }

    public Path registryDir() {
        return stackDir.resolve("registry");
    }

    public Path kafkaDir() {
        return stackDir.resolve("kafka");
    }

    public Path serverProperties() {
        return kafkaDir().resolve("server.properties");
    }

    /** Arguments for {@code kafka-storage format} after {@code --config}, one per line: bash and compose read them with mapfile. */
    public Path formatArguments() {
        return kafkaDir().resolve("format.args");
    }

    /** Kept across starts: formatting happens once, and a later format must name the same cluster. */
    public Path clusterIdFile() {
        return kafkaDir().resolve("cluster.id");
    }

    /** Written by {@code kafka-storage format}; its presence means the storage is formatted. */
    public Path formattedMarker() {
        return dataDir.resolve("meta.properties");
    }

    /**
     * Hands every file of the stack folder to another user, for a container that runs as that user (the Kafka image's
     * broker runs as uid 1000) and must read the private files.
     *
     * @param owner "UID:GID", numeric
     */
    public void handOver(String owner) throws IOException, StackException {
        String[] ids = owner.split(":");
        if (ids.length != 2 || !ids[0].matches("\\d+") || !ids[1].matches("\\d+")) {
            throw new StackException("--owner takes UID:GID (numbers), got '" + owner + "'");
        }
        UserPrincipalLookupService lookup = stackDir.getFileSystem().getUserPrincipalLookupService();
        // Numeric names are taken as ids even where no such user exists on this machine, as in a container image.
        UserPrincipal user = lookup.lookupPrincipalByName(ids[0]);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(ids[1]);
        try (Stream<Path> paths = Files.walk(stackDir)) {
            for (Path p : paths.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
    }

    public SecureFiles secure() {
        return new SecureFiles(stackDir.resolve("secure"));
    }
}
