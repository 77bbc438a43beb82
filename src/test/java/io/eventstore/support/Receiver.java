package io.eventstore.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real HTTP receiver of webhook deliveries on 127.0.0.2 (the address the tests' settings let
 * hooks reach): it records every request and answers as the test tells it, with a status, after
 * or not at all until released.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received: its path, headers (lower-case names) and body. */
    public record Received(String path, Map<String, String> headers, String body, long receivedAtNanos) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile int status = 200;
    private volatile String location;
    private volatile CountDownLatch hold;

    private Receiver(HttpServer server) {
        this.server = server;
    }

    public static Receiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 64);
        Receiver receiver = new Receiver(server);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
                receiver.received.add(new Received(exchange.getRequestURI().getPath(), headers, new String(in.readAllBytes(), StandardCharsets.UTF_8), System.nanoTime()));
                CountDownLatch held = receiver.hold;
                if (held != null) {
                    held.await(60, TimeUnit.SECONDS);
                }
                if (receiver.location != null) {
                    exchange.getResponseHeaders().add("Location", receiver.location);
                }
                byte[] answer = "a receiver's answer".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(receiver.status, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return receiver;
    }

    /** The URL hooks post to; {@code path} starts with a slash. */
    public String url(String path) {
        return "http://127.0.0.2:" + server.getAddress().getPort() + path;
    }

    public Receiver answering(int status) {
        this.status = status;
        return this;
    }

    public Receiver redirectingTo(String location) {
        this.status = 302;
        this.location = location;
        return this;
    }

    /** Requests are received but not answered until {@link #release()}. */
    public Receiver holding() {
        this.hold = new CountDownLatch(1);
        return this;
    }

    public void release() {
        CountDownLatch held = hold;
        hold = null;
        if (held != null) {
            held.countDown();
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** What was received at one path (hooks of a test each have their own). */
    public List<Received> received(String path) {
        return received.stream().filter(r -> path.equals(r.path())).collect(Collectors.toList());
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
