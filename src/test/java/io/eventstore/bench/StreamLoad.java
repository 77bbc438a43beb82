package io.eventstore.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream benchmark's client (src/bench/stream-benchmark.sh), not a test. Holds many
 * {@code GET /events/stream} connections on one selector thread, decodes their chunked SSE, and:
 * <ul>
 * <li>{@code lag HOST PORT TOKEN STREAMS RATE SECONDS FILTERED}: posts RATE events a second (atomic
 * batches of 10 every 10 ms, spread over STREAMS prospects) and prints the delay from each event's
 * {@code createdAt} (set in its transaction, before the commit) to its arrival on a stream, with
 * one prospect per stream when FILTERED is true, else every stream reading every change;</li>
 * <li>{@code idle HOST PORT TOKEN STREAMS SECONDS}: opens STREAMS streams on prospect
 * {@code idle}, prints {@code OPEN}, holds them, and at the end prints how many got a heartbeat
 * and how many got the change the script posts meanwhile.</li>
 * </ul>
 * The client and the service share the machine's clock, so the delays need no clock sync.
 */
public final class StreamLoad {

    /** One stream's connection: HTTP head, then chunked SSE, decoded as bytes arrive. */
    static final class Stream {
        final SocketChannel channel;
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        final StringBuilder line = new StringBuilder();
        int status;
        boolean headDone;
        long chunkLeft = -1;      // -1: reading a chunk-size line
        boolean chunkCrlf;
        int heartbeats;
        int changes;
        boolean ended;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final List<Stream> streams = new ArrayList<>();
    private final Selector selector;
    private long[] lagsMicros = new long[1 << 16];
    private int lagCount;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);

    private StreamLoad() throws IOException {
        selector = Selector.open();
    }

    public static void main(String[] args) throws Exception {
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String token = args[3];
        int count = Integer.parseInt(args[4]);
        StreamLoad load = new StreamLoad();
        if (args[0].equals("lag")) {
            load.lag(host, port, token, count, Integer.parseInt(args[5]), Integer.parseInt(args[6]), Boolean.parseBoolean(args[7]));
        } else {
            load.idle(host, port, token, count, Integer.parseInt(args[5]));
        }
    }

    private void open(String host, int port, String token, String query) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
        channel.write(ByteBuffer.wrap(("GET /events/stream" + query + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        channel.configureBlocking(false);
        Stream stream = new Stream(channel);
        channel.register(selector, SelectionKey.OP_READ, stream);
        streams.add(stream);
    }

    /** Reads whatever arrived, for up to {@code millis}. */
    private void poll(long millis) throws IOException {
        if (selector.select(Math.max(1, millis)) == 0) {
            return;
        }
        var keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Stream stream = (Stream) key.attachment();
            buffer.clear();
            int read;
            try {
                read = stream.channel.read(buffer);
            } catch (IOException reset) {
                read = -1;
            }
            if (read < 0) {
                stream.ended = true;
                key.cancel();
                stream.channel.close();
                continue;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                accept(stream, buffer.get());
            }
        }
    }

    private void accept(Stream stream, byte b) {
        if (!stream.headDone) {
            stream.raw.write(b);
            byte[] head = stream.raw.toByteArray();
            int n = head.length;
            if (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n') {
                String text = new String(head, StandardCharsets.US_ASCII);
                stream.status = Integer.parseInt(text.substring(9, 12));
                stream.headDone = true;
                stream.raw.reset();
            }
            return;
        }
        if (stream.chunkLeft < 0) { // the chunk-size line
            if (b == '\n') {
                String size = stream.raw.toString(StandardCharsets.US_ASCII).trim();
                stream.raw.reset();
                if (!size.isEmpty()) {
                    stream.chunkLeft = Long.parseLong(size.split(";")[0], 16);
                    stream.chunkCrlf = false;
                }
            } else {
                stream.raw.write(b);
            }
            return;
        }
        if (stream.chunkLeft == 0) { // the CRLF after a chunk
            if (b == '\n') {
                stream.chunkLeft = -1;
            }
            return;
        }
        stream.chunkLeft--;
        stream.raw.write(b);
        if (b == '\n') {
            line(stream, stream.raw.toString(StandardCharsets.UTF_8));
            stream.raw.reset();
        }
    }

    private void line(Stream stream, String line) {
        if (line.startsWith(":")) {
            stream.heartbeats++;
        } else if (line.startsWith("data:") && line.contains("\"createdAt\":\"")) {
            stream.changes++;
            int at = line.indexOf("\"createdAt\":\"") + 13;
            Instant created = Instant.parse(line.substring(at, line.indexOf('"', at)));
            Instant now = Instant.now();
            long micros = (now.getEpochSecond() - created.getEpochSecond()) * 1_000_000
                    + (now.getNano() - created.getNano()) / 1000;
            if (lagCount == lagsMicros.length) {
                lagsMicros = Arrays.copyOf(lagsMicros, lagCount * 2);
            }
            lagsMicros[lagCount++] = micros;
        }
    }

    private void awaitHeads(int expected) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (streams.stream().filter(s -> s.headDone).count() < expected && System.nanoTime() < deadline) {
            poll(50);
        }
        long ok = streams.stream().filter(s -> s.status == 200).count();
        if (ok < expected) {
            throw new IllegalStateException(ok + " of " + expected + " streams answered 200");
        }
    }

    private void lag(String host, int port, String token, int count, int rate, int seconds, boolean filtered) throws Exception {
        for (int i = 0; i < count; i++) {
            open(host, port, token, filtered ? "?filter%5Bprospect%5D%5Bid%5D=lag-" + i : "?filter%5Bname%5D=lag_probe");
        }
        awaitHeads(count);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService posters = Executors.newFixedThreadPool(8);
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        AtomicLong posted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong next = new AtomicLong();
        int perBatch = Math.max(1, rate / 100);
        URI operations = URI.create("http://" + host + ":" + port + "/operations");
        ticks.scheduleAtFixedRate(() -> posters.submit(() -> {
            StringBuilder body = new StringBuilder("{\"atomic:operations\":[");
            for (int i = 0; i < perBatch; i++) {
                long n = next.getAndIncrement();
                body.append(i == 0 ? "" : ",").append("{\"op\":\"add\",\"data\":{\"type\":\"event\",\"attributes\":{\"name\":\"lag_probe\",")
                        .append("\"payload\":{\"n\":").append(n).append("}},\"relationships\":{\"prospect\":{\"data\":")
                        .append("{\"type\":\"prospect\",\"id\":\"lag-").append(n % count).append("\"}}}}}");
            }
            body.append("]}");
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(operations)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"")
                        .header("Accept", "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    posted.addAndGet(perBatch);
                } else {
                    failed.addAndGet(perBatch);
                }
            } catch (Exception e) {
                failed.addAndGet(perBatch);
            }
        }), 0, 10, TimeUnit.MILLISECONDS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            poll(end - System.nanoTime() > 0 ? TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) : 1);
        }
        ticks.shutdownNow();
        posters.shutdown();
        posters.awaitTermination(30, TimeUnit.SECONDS);
        long expected = posted.get() * (filtered ? 1 : count);
        long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lagCount < expected && System.nanoTime() < drain) {
            poll(100);
        }
        long[] lags = Arrays.copyOf(lagsMicros, lagCount);
        Arrays.sort(lags);
        long ended = streams.stream().filter(s -> s.ended).count();
        // RESULT posted/s delivered expected p50ms p99ms maxms failedPosts endedStreams
        System.out.printf("RESULT %.0f %d %d %.1f %.1f %.1f %d %d%n", posted.get() / (double) seconds, lagCount, expected,
                percentile(lags, 0.50) / 1000.0, percentile(lags, 0.99) / 1000.0,
                lags.length == 0 ? 0 : lags[lags.length - 1] / 1000.0, failed.get(), ended);
        System.exit(0);
    }

    private void idle(String host, int port, String token, int count, int seconds) throws Exception {
        for (int i = 0; i < count; i++) {
            open(host, port, token, "?filter%5Bprospect%5D%5Bid%5D=idle");
            if (i % 200 == 199) {
                poll(1);
            }
        }
        awaitHeads(count);
        System.out.println("OPEN " + count);
        System.out.flush();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        }
        long heartbeat = streams.stream().filter(s -> s.heartbeats > 0 && !s.ended).count();
        long changed = streams.stream().filter(s -> s.changes == 1).count();
        // RESULT open withHeartbeat gotTheChange ended
        System.out.printf("RESULT %d %d %d %d%n", count, heartbeat, changed, streams.stream().filter(s -> s.ended).count());
        System.exit(0);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))];
    }
}
