package io.eventstore.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP hop between the service and its database that a test can cut: every open connection is
 * closed, and new ones are either closed at once (a server that is down) or accepted and never
 * answered (a server that is partitioned away). What the service sees is a real outage.
 */
public final class TcpProxy implements AutoCloseable {

    public enum Mode { FORWARD, REFUSE, SILENT }

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;

    public TcpProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "tcp-proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * From now on new connections get {@code mode}. Going to an outage cuts the open connections;
     * coming back from a silent one closes the connections it held (as a restarted server would).
     */
    public synchronized void set(Mode mode) {
        Mode before = this.mode;
        this.mode = mode;
        if (mode != Mode.FORWARD || before == Mode.SILENT) {
            for (Socket socket : open) {
                closeQuietly(socket);
            }
            open.clear();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                switch (mode) {
                    case REFUSE -> closeQuietly(client);
                    case SILENT -> admit(Mode.SILENT, client);
                    case FORWARD -> forward(client);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void forward(Socket client) {
        try {
            Socket server = new Socket();
            server.connect(upstream, 2000);
            if (!admit(Mode.FORWARD, client, server)) {
                return;
            }
            pump(client, server);
            pump(server, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /**
     * Counts a connection's sockets as open, unless the mode is no longer the one it was accepted in:
     * {@link #set} may have run meanwhile (while a forwarded one connected upstream, say) and missed
     * them, and they would outlive the change. Those are closed instead, as a restarted server would.
     */
    private synchronized boolean admit(Mode acceptedIn, Socket... sockets) {
        if (mode != acceptedIn) {
            for (Socket socket : sockets) {
                closeQuietly(socket);
            }
            return false;
        }
        open.addAll(List.of(sockets));
        return true;
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        set(Mode.REFUSE);
    }
}
