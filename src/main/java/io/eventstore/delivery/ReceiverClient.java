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
import java.util.List;
import java.util.Map;

/**
 * Posts one delivery with HTTP/1.1 over a connection of its own to the address the receiver
 * policy checked (never to what the name resolves to by then), TLS with the URL's host name for
 * SNI and certificate checks. It reads the status line and headers (at most 16 KiB) and at most
 * {@code responseBytes} of the body, within one deadline for the whole exchange; it follows no
 * redirect. A blocking socket keeps each attempt on one of the deliverer's bounded threads.
 */
final class ReceiverClient {

    /** What a receiver answered (a status), or what went wrong (an error, status null). */
    record Answer(Integer status, String error) {
    }

    private static final int MAX_HEAD = 16 * 1024;

    private final Duration connectTimeout;
    private final Duration timeout;
    private final int responseBytes;

    ReceiverClient(Duration connectTimeout, Duration timeout, int responseBytes) {
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
        this.responseBytes = responseBytes;
    }

    Answer post(URI url, InetAddress address, Map<String, String> headers, byte[] body) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean tls = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        String host = url.getHost();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), (int) Math.max(1, Math.min(connectTimeout.toMillis(), remaining(deadline))));
            Socket socket = tls ? secure(plain, host, port, deadline) : plain;
            try {
                socket.setSoTimeout(remaining(deadline));
                OutputStream out = socket.getOutputStream();
                out.write(head(url, host, port, tls, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return new Answer(readStatus(socket, deadline), null);
            } finally {
                if (socket != plain) {
                    socket.close();
                }
            }
        } catch (SocketTimeoutException e) {
            return new Answer(null, "timeout: no complete answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Answer(null, "connection: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
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

    private static String head(URI url, String host, int port, boolean tls, Map<String, String> headers, int length) {
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        boolean defaultPort = port == (tls ? 443 : 80);
        StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n").toString();
    }

    /** The answer's status; its headers and at most {@code responseBytes} of its body are read and dropped. */
    private int readStatus(Socket socket, long deadline) throws IOException {
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
        for (String line : lines) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                try {
                    length = Long.parseLong(line.substring(15).trim());
                } catch (NumberFormatException ignored) {
                    length = -1;
                }
            }
        }
        drain(socket, in, length < 0 ? responseBytes : Math.min(length, responseBytes), deadline);
        return Integer.parseInt(parts[1]);
    }

    /** Reads up to {@code bytes} of the body, briefly: the status is what counts, a trickling body is not waited for. */
    private static void drain(Socket socket, InputStream in, long bytes, long deadline) throws IOException {
        byte[] sink = new byte[1024];
        long read = 0;
        try {
            while (read < bytes) {
                socket.setSoTimeout(Math.max(1, Math.min(remaining(deadline), 200)));
                int n = in.read(sink, 0, (int) Math.min(sink.length, bytes - read));
                if (n < 0) {
                    return;
                }
                read += n;
            }
        } catch (SocketTimeoutException enough) {
            // done waiting
        }
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long millis = (deadline - System.nanoTime()) / 1_000_000;
        if (millis <= 0) {
            throw new SocketTimeoutException("deadline");
        }
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }
}
