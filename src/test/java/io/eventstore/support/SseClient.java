package io.eventstore.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Server-Sent Events client on a plain socket, as a browser's EventSource reads a stream: the
 * request by hand, the chunked body decoded, the lines parsed into messages (id, event, data,
 * comments) by a thread of its own. No HTTP library in between, so the test sees the bytes the
 * service wrote.
 */
public final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message; a comment-only message (a heartbeat) has no data and its comment set. */
    public record Message(String id, String event, String data, String comment) {
        public JsonNode document() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("data is not JSON: " + data, e);
            }
        }

        /** The event's id in {@code data} (a change). */
        public String eventId() {
            return document().path("data").path("id").asText();
        }
    }

    private static final Message CLOSED = new Message(null, null, null, null);

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final String errorBody;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile String lastChangeId;

    private SseClient(Socket socket, int status, Map<String, String> headers, String errorBody) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.errorBody = errorBody;
    }

    /** Opens {@code path} (with its query) with the token and these extra headers; answers once the head is read. */
    public static SseClient open(URI server, String path, String token, Map<String, String> extra) throws IOException {
        return open(server, path, token, extra, null);
    }

    /**
     * A client that reads nothing after the head until {@code resume} is released, on a socket with
     * a small receive buffer: a stalled client, whose unread bytes soon stop the server's writes.
     */
    public static SseClient openStalled(URI server, String path, String token, java.util.concurrent.CountDownLatch resume)
            throws IOException {
        return open(server, path, token, Map.of(), resume);
    }

    private static SseClient open(URI server, String path, String token, Map<String, String> extra,
                                  java.util.concurrent.CountDownLatch resume) throws IOException {
        Socket socket = new Socket();
        if (resume != null) {
            socket.setReceiveBufferSize(4096);
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort()), 2000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost:" + server.getPort() + "\r\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Accept", "text/event-stream");
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        all.putAll(extra);
        all.forEach((name, value) -> {
            if (value != null) {
                request.append(name).append(": ").append(value).append("\r\n");
            }
        });
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(), header.substring(colon + 1).trim());
        }
        InputStream body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Chunked(in) : in;
        if (status != 200) {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String text = new String(body.readNBytes(length), StandardCharsets.UTF_8);
            socket.close();
            return new SseClient(socket, status, headers, text);
        }
        socket.setSoTimeout(0);
        SseClient client = new SseClient(socket, status, headers, null);
        Thread reader = new Thread(() -> {
            if (resume != null) {
                try {
                    resume.await();
                } catch (InterruptedException stopped) {
                    return;
                }
            }
            client.read(body);
        }, "sse-client");
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    public static SseClient open(URI server, String path, String token) throws IOException {
        return open(server, path, token, Map.of());
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase());
    }

    /** The error document of a refused stream. */
    public JsonNode error() {
        try {
            return JSON.readTree(errorBody);
        } catch (IOException e) {
            throw new AssertionError(errorBody, e);
        }
    }

    /** The next message with data (heartbeats skipped), waiting at most {@code timeout}; fails if none comes. */
    public Message next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                fail("no message within " + timeout);
            }
            if (message == CLOSED) {
                fail("the stream closed while a message was awaited");
            }
            if (message.data() != null) {
                return message;
            }
        }
    }

    /** The next message of any kind (a heartbeat too), or null when the stream closed. */
    public Message nextAny(Duration timeout) throws InterruptedException {
        Message message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "nothing within " + timeout);
        return message == CLOSED ? null : message;
    }

    /** Every message with data that arrives until the stream closes (or {@code timeout} passes). */
    public List<Message> rest(Duration timeout) throws InterruptedException {
        List<Message> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null || message == CLOSED) {
                return read;
            }
            if (message.data() != null) {
                read.add(message);
            }
        }
    }

    /** The next {@code n} messages with data. */
    public List<Message> next(int n, Duration timeout) throws InterruptedException {
        List<Message> read = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            read.add(next(timeout));
        }
        return read;
    }

    /** Waits for the server to close the stream; fails if it does not within {@code timeout} or sends data first. */
    public void assertClosedWithin(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(message, "the stream is still open after " + timeout);
            if (message == CLOSED) {
                return;
            }
            assertNull(message.data(), () -> "expected the end of the stream, got " + message);
        }
    }

    /** The id of the last change message read (what an EventSource would send as Last-Event-ID). */
    public String lastChangeId() {
        return lastChangeId;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void read(InputStream body) {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String comment = null;
        try {
            for (String line = line(body); ; line = line(body)) {
                if (line.isEmpty()) {
                    if (data != null && id != null) {
                        lastChangeId = id;
                    }
                    if (data != null || comment != null) {
                        messages.add(new Message(id, event, data == null ? null : data.toString(), comment));
                    }
                    id = null;
                    event = null;
                    data = null;
                    comment = null;
                } else if (line.startsWith(":")) {
                    comment = line.substring(1).trim();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException end) {
            // closed by the server (or by close())
        } finally {
            closed = true;
            messages.add(CLOSED);
        }
    }

    /** One line without its CR LF or LF; IOException at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("end of stream");
            }
            bytes.write(b);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** HTTP/1.1 chunked transfer coding, decoded. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private int left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                if (size.isEmpty()) {
                    size = line(in); // the CR LF after the previous chunk
                }
                left = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            left--;
            return in.read();
        }
    }

    /** Asserts a change message: its SSE event name and the event it carries. */
    public static void assertChange(Message message, String kind, String eventId) {
        assertEquals(kind, message.event(), () -> "event name of " + message);
        assertEquals(eventId, message.eventId(), () -> "event of " + message);
        assertEquals(message.id(), message.document().path("meta").path("position").asText());
        assertEquals(kind, message.document().path("meta").path("kind").asText());
    }
}
