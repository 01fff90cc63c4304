package io.supplyshock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the schema registry on 127.0.0.1 that either passes connections through to the real
 * registry or stalls them: accepts and never answers, or sends the headers of a 200 and never the body. It
 * is the fault that hung CI: a peer that is reachable, so no connect timeout fires, and silent. Changing
 * the mode closes every open connection, so clients holding a pooled connection meet the new mode at once,
 * as they would when a registry process is replaced.
 */
public final class RegistryGate implements AutoCloseable {

    public enum Mode { FORWARD, NEVER_ANSWERS, HEADERS_WITHOUT_BODY }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger stalledRequests = new AtomicInteger();
    private volatile Mode mode;

    /** A stand-in with no registry behind it. */
    public RegistryGate(Mode mode) throws IOException {
        this(mode, null);
    }

    /** In front of the registry at {@code registryPort} on 127.0.0.1. */
    public RegistryGate(Mode mode, Integer registryPort) throws IOException {
        if (mode == Mode.FORWARD && registryPort == null) throw new IllegalArgumentException("FORWARD needs a registry port");
        this.mode = mode;
        this.target = registryPort == null ? null : new InetSocketAddress(InetAddress.getLoopbackAddress(), registryPort);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon("registry-gate-" + server.getLocalPort(), this::acceptLoop);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/apis/registry/v3";
    }

    /** Requests that reached the gate while it stalled: proves the clients really met the fault. */
    public int stalledRequests() {
        return stalledRequests.get();
    }

    public void set(Mode next) throws IOException {
        if (next == Mode.FORWARD && target == null) throw new IllegalStateException("no registry behind this gate");
        mode = next;
        for (Socket s : open) s.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Mode now = mode;
                daemon("registry-gate-conn", () -> {
                    try {
                        if (now == Mode.FORWARD) forward(client);
                        else stall(client, now);
                    } catch (IOException ignored) {
                        // closed by a mode change, by close() or by the client giving up
                    } finally {
                        open.remove(client);
                        closeQuietly(client);
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private void forward(Socket client) throws IOException {
        try (Socket upstream = new Socket()) {
            upstream.connect(target, 5_000);
            open.add(upstream);
            Thread back = daemon("registry-gate-back", () -> pipe(upstream, client));
            pipe(client, upstream);
            try {
                back.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16384];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // either side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void stall(Socket client, Mode how) throws IOException {
        byte[] buffer = new byte[8192];
        InputStream in = client.getInputStream();
        if (in.read(buffer) > 0) stalledRequests.incrementAndGet();
        if (how == Mode.HEADERS_WITHOUT_BODY) {
            OutputStream out = client.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"sch"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        while (in.read(buffer) >= 0) stalledRequests.incrementAndGet();
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) closeQuietly(s);
    }
}
