package io.supplyshock.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local stack's TCP ports as {@code scripts/stack.sh} takes them from its environment: each one valid, all
 * different and, before a component starts, free. Messages name the variable to change.
 */
public final class StackPorts {

    /** @param variable the environment variable that sets it, e.g. SUPPLYSHOCK_KAFKA_PORT */
    public record Port(String variable, int number) {
    }

    private StackPorts() {
    }

    public static Port parse(String variable, String value) throws StackException {
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= 1 && number <= 65535) return new Port(variable, number);
        } catch (NumberFormatException e) {
            // reported below, with the variable's name
        }
        throw new StackException(variable + "=" + value + " is not a valid TCP port");
    }

    public static void requireDistinct(List<Port> ports) throws StackException {
        Set<Integer> seen = new HashSet<>();
        for (Port p : ports) {
            if (!seen.add(p.number())) {
                List<String> all = ports.stream().map(q -> q.variable() + "=" + q.number()).toList();
                throw new StackException("the stack's ports must all differ, got " + String.join(", ", all));
            }
        }
    }

    /** Free when a server socket can bind it on 127.0.0.1, where the stack's servers bind. */
    public static void requireFree(Port port) throws StackException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port.number()));
            return;
        } catch (IOException e) {
            // in use; say by whom when the system tells
        }
        int example = port.number() + 10000 <= 65535 ? port.number() + 10000 : port.number() - 10000;
        String owner = listener(port.number()).map(o -> " by " + o).orElse("");
        throw new StackException("port " + port.number() + " is already in use" + owner + "; stop that process or choose another port with "
                + port.variable() + "=<port> (e.g. " + port.variable() + "=" + example + " scripts/stack.sh start)");
    }

    /**
     * "pid 123 (java)" for the process listening on {@code port}, from Linux's /proc; empty where there is none,
     * or where the socket belongs to another user's process.
     */
    static Optional<String> listener(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                lines.skip(1).map(String::trim).map(l -> l.split("\\s+")).filter(f -> f.length > 9)
                        // field 1 is address:port in hex, field 3 the state (0A: listening), field 9 the socket's inode
                        .filter(f -> f[3].equals("0A") && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port)
                        .forEach(f -> inodes.add("socket:[" + f[9] + "]"));
            } catch (IOException | RuntimeException e) {
                // not Linux, or the table is unreadable: no owner to name
            }
        }
        if (inodes.isEmpty()) return Optional.empty();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> holdsSocket(p, inodes)).findFirst()
                    .map(p -> "pid " + p.getFileName() + " (" + command(p) + ")");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean holdsSocket(Path process, Set<String> inodes) {
        try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return inodes.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static String command(Path process) {
        try {
            return Files.readString(process.resolve("comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
