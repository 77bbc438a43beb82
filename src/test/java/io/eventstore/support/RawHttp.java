package io.eventstore.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Bytes written to the server by hand, for what no HTTP client would send; and what came back. */
public final class RawHttp implements AutoCloseable {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3}) ");

    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    public static RawHttp connect(URI server) throws IOException {
        return connect(server, InetAddress.getLoopbackAddress());
    }

    /** A connection from {@code local} (another loopback address is another client). */
    public static RawHttp connect(URI server, InetAddress local) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(local, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort()), 2000);
        return new RawHttp(socket);
    }

    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** What the server sent until it closed the connection or stayed silent for {@code quiet}. */
    public Answer read(Duration quiet) throws IOException {
        socket.setSoTimeout((int) quiet.toMillis());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        boolean closed = false;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
            closed = true;
        } catch (SocketTimeoutException stillOpen) {
            // the server kept the connection open
        } catch (IOException reset) {
            closed = true;
        }
        return new Answer(received.toString(StandardCharsets.UTF_8), closed);
    }

    /** How long until the server closes the connection (at most {@code limit}); null if it did not. */
    public Duration timeUntilClosed(Duration limit) throws IOException {
        long start = System.nanoTime();
        Answer answer = read(limit);
        return answer.closed() ? Duration.ofNanos(System.nanoTime() - start) : null;
    }

    public boolean isOpenAfter(Duration wait) throws IOException {
        return !read(wait).closed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The bytes that came back, and whether the server closed the connection after them. */
    public record Answer(String text, boolean closed) {

        /** The status code of every response in the bytes, in order. */
        public List<Integer> statuses() {
            List<Integer> statuses = new ArrayList<>();
            Matcher matcher = STATUS_LINE.matcher(text);
            while (matcher.find()) {
                statuses.add(Integer.parseInt(matcher.group(1)));
            }
            return statuses;
        }

        public String header(String name) {
            Matcher matcher = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\r?$").matcher(text);
            return matcher.find() ? matcher.group(1) : null;
        }
    }
}
