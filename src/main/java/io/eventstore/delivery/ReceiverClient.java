package io.eventstore.delivery;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts one delivery with HTTP/1.1 over a connection of its own to the address the receiver
 * policy checked (never to what the name resolves to by then), TLS with the URL's host name for
 * SNI and certificate checks. It reads the status line and headers (at most 16 KiB) and at most
 * {@code responseBytes} of the body, within one deadline for the whole exchange; it follows no
 * redirect. Connections are kept alive per receiver (its checked address, port and host; at most
 * {@code idlePerReceiver} idle, for 4 s): no handshake per attempt, no port spent in TIME_WAIT
 * per attempt. A blocking socket keeps each attempt on one of the deliverer's bounded threads.
 */
final class ReceiverClient {

    /** What a receiver answered (a status), or what went wrong (an error, status null). */
    record Answer(Integer status, String error) {
    }

    private static final int MAX_HEAD = 16 * 1024;
    /** A kept-alive connection idle this long is closed (receivers close theirs after 5 s to a few minutes). */
    private static final long IDLE_NANOS = Duration.ofSeconds(4).toNanos();

    private final Duration connectTimeout;
    private final Duration timeout;
    private final int responseBytes;
    private final int idlePerReceiver;
    private final Map<Receiver, Deque<Idle>> pool = new ConcurrentHashMap<>();

    ReceiverClient(Duration connectTimeout, Duration timeout, int responseBytes, int idlePerReceiver) {
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
        this.responseBytes = responseBytes;
        this.idlePerReceiver = idlePerReceiver;
    }

    /** Where a connection goes: the checked address, the port, and the host name it speaks to (TLS, Host). */
    private record Receiver(InetAddress address, int port, boolean tls, String host) {
    }

    private record Idle(Socket socket, long since) {
    }

    Answer post(URI url, InetAddress address, Map<String, String> headers, byte[] body) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean tls = url.getScheme().equalsIgnoreCase("https");
        Receiver receiver = new Receiver(address, url.getPort() > 0 ? url.getPort() : tls ? 443 : 80, tls, url.getHost());
        byte[] head = head(url, receiver, headers, body.length).getBytes(StandardCharsets.ISO_8859_1);
        Socket reused = take(receiver);
        if (reused != null) {
            try {
                return exchange(reused, receiver, head, body, deadline);
            } catch (SocketTimeoutException slow) {
                close(reused); // the receiver has the request and is slow: not sent again
                return new Answer(null, "timeout: no complete answer within " + timeout.toMillis() + " ms");
            } catch (IOException stale) {
                close(reused); // the receiver closed it meanwhile: once more on a new connection
            }
        }
        Socket socket = null;
        try {
            socket = connect(receiver, deadline);
            return exchange(socket, receiver, head, body, deadline);
        } catch (SocketTimeoutException e) {
            close(socket);
            return new Answer(null, "timeout: no complete answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            close(socket);
            return new Answer(null, "connection: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Sends the request and reads the answer; the connection goes back to the pool when it may be used again. */
    private Answer exchange(Socket socket, Receiver receiver, byte[] head, byte[] body, long deadline) throws IOException {
        socket.setSoTimeout(remaining(deadline));
        OutputStream out = socket.getOutputStream();
        out.write(head);
        out.write(body);
        out.flush();
        Read read = readAnswer(socket, deadline);
        if (read.reusable()) {
            give(receiver, socket);
        } else {
            close(socket);
        }
        return new Answer(read.status(), null);
    }

    private Socket connect(Receiver receiver, long deadline) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(receiver.address(), receiver.port()),
                    (int) Math.max(1, Math.min(connectTimeout.toMillis(), remaining(deadline))));
            return receiver.tls() ? secure(plain, receiver.host(), receiver.port(), deadline) : plain;
        } catch (IOException e) {
            close(plain);
            throw e;
        }
    }

    /** A kept-alive connection to the receiver that has not been idle too long, or null. */
    private Socket take(Receiver receiver) {
        Deque<Idle> idle = pool.get(receiver);
        if (idle == null) {
            return null;
        }
        while (true) {
            Idle kept;
            synchronized (idle) {
                kept = idle.pollLast();
            }
            if (kept == null) {
                return null;
            }
            if (System.nanoTime() - kept.since() < IDLE_NANOS && !kept.socket().isClosed()) {
                return kept.socket();
            }
            close(kept.socket());
        }
    }

    private void give(Receiver receiver, Socket socket) {
        Deque<Idle> idle = pool.computeIfAbsent(receiver, key -> new ArrayDeque<>());
        Idle dropped = null;
        synchronized (idle) {
            idle.addLast(new Idle(socket, System.nanoTime()));
            if (idle.size() > idlePerReceiver) {
                dropped = idle.pollFirst();
            }
        }
        if (dropped != null) {
            close(dropped.socket());
        }
    }

    /** Closes the connections idle too long (the deliverer calls it now and then). */
    void closeIdle() {
        for (Deque<Idle> idle : pool.values()) {
            List<Idle> stale = new ArrayList<>();
            synchronized (idle) {
                while (!idle.isEmpty() && System.nanoTime() - idle.peekFirst().since() >= IDLE_NANOS) {
                    stale.add(idle.pollFirst());
                }
            }
            stale.forEach(kept -> close(kept.socket()));
        }
        pool.values().removeIf(Deque::isEmpty);
    }

    private static void close(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that was wanted
            }
        }
    }

    private Socket secure(Socket plain, String host, int port, long deadline) throws IOException {
        plain.setSoTimeout(remaining(deadline));
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the URL's host
        if (!host.startsWith("[") && !host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private static String head(URI url, Receiver receiver, Map<String, String> headers, int length) {
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        boolean defaultPort = receiver.port() == (receiver.tls() ? 443 : 80);
        StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(receiver.host()).append(defaultPort ? "" : ":" + receiver.port()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("Content-Length: ").append(length).append("\r\n\r\n").toString();
    }

    /** An answer's status, and whether its connection can carry another request. */
    private record Read(int status, boolean reusable) {
    }

    /**
     * The answer's status; its headers and at most {@code responseBytes} of its body are read and
     * dropped. The connection is kept only when the whole body was read (a Content-Length within
     * the limit), the answer is HTTP/1.1 and does not say {@code Connection: close}.
     */
    private Read readAnswer(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            socket.setSoTimeout(remaining(deadline));
            int b = in.read();
            if (b < 0) {
                throw new IOException("the receiver closed the connection before its answer's head ended");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > MAX_HEAD) {
                throw new IOException("the receiver's answer head exceeds " + MAX_HEAD + " bytes");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] parts = lines[0].split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new IOException("the receiver's answer is not HTTP/1.x: " + lines[0].substring(0, Math.min(80, lines[0].length())));
        }
        long length = -1;
        boolean close = !parts[0].equals("HTTP/1.1");
        for (String line : lines) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                try {
                    length = Long.parseLong(line.substring(15).trim());
                } catch (NumberFormatException ignored) {
                    length = -1;
                }
            } else if (line.regionMatches(true, 0, "Connection:", 0, 11) && line.toLowerCase(java.util.Locale.ROOT).contains("close")
                    || line.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
                close = true;
            }
        }
        int status = Integer.parseInt(parts[1]);
        boolean noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
        if (noBody) {
            return new Read(status, !close);
        }
        long wanted = length < 0 ? responseBytes : Math.min(length, responseBytes);
        long got = drain(socket, in, wanted, deadline);
        return new Read(status, !close && length >= 0 && length <= responseBytes && got == length);
    }

    /** Reads up to {@code bytes} of the body, briefly (the status is what counts, a trickling body is not waited for); answers how many. */
    private static long drain(Socket socket, InputStream in, long bytes, long deadline) throws IOException {
        byte[] sink = new byte[1024];
        long read = 0;
        try {
            while (read < bytes) {
                socket.setSoTimeout(Math.max(1, Math.min(remaining(deadline), 200)));
                int n = in.read(sink, 0, (int) Math.min(sink.length, bytes - read));
                if (n < 0) {
                    return read;
                }
                read += n;
            }
        } catch (SocketTimeoutException enough) {
            // done waiting
        }
        return read;
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long millis = (deadline - System.nanoTime()) / 1_000_000;
        if (millis <= 0) {
            throw new SocketTimeoutException("deadline");
        }
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }
}
