package io.supplyshock.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry stand-in on 127.0.0.1 that accepts connections and then stalls: it never answers, or it
 * sends the headers of a 200 with a body length and never the body. It is the fault that hung CI: a peer
 * that is reachable, so no connect timeout fires, and silent.
 */
public final class SilentRegistry implements AutoCloseable {

    public enum Mode { NEVER_ANSWERS, HEADERS_WITHOUT_BODY }

    private final ServerSocket server;
    private final Mode mode;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    public SilentRegistry(Mode mode) throws IOException {
        this(mode, 0);
    }

    /** On a given port, to take the place of a registry that was stopped there. */
    public SilentRegistry(Mode mode, int port) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread accept = new Thread(this::acceptLoop, "silent-registry-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/apis/registry/v3";
    }

    /** Requests whose first bytes arrived: proves the clients really reached the stand-in. */
    public int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                held.add(socket);
                Thread reader = new Thread(() -> stall(socket), "silent-registry-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void stall(Socket socket) {
        try {
            byte[] buffer = new byte[8192];
            if (socket.getInputStream().read(buffer) > 0) requests.incrementAndGet();
            if (mode == Mode.HEADERS_WITHOUT_BODY) {
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"sch")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            // Hold the connection open and read nothing more until closed.
            while (socket.getInputStream().read(buffer) >= 0) {
                requests.incrementAndGet();
            }
        } catch (IOException ignored) {
            // closed by close() or by the client giving up
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) s.close();
    }
}
