package io.eventstore.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The webhook benchmark's client (src/bench/webhook-benchmark.sh), not a test. A fast receiver
 * (the JDK's HTTP server on 127.0.0.2, answering 204 to everything), and:
 * <ul>
 * <li>{@code deliver HOST PORT TOKEN HOOKS EVENTS}: makes HOOKS hooks (every change of the org) to
 * the receiver, posts EVENTS events in batches of 1,000, waits until every hook got every change
 * (or 120 s of silence), deletes the hooks and prints
 * {@code RESULT deliveries expected duplicates seconds-from-first-post seconds-first-to-last};</li>
 * <li>{@code hooks HOST PORT TOKEN HOOKS SECONDS}: makes HOOKS hooks and keeps the receiver answering
 * for SECONDS (the script measures ingest meanwhile), then prints {@code RESULT received}.</li>
 * </ul>
 */
public final class WebhookLoad {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"data\":\\{\"type\":\"webhook\",\"id\":\"(\\d+)\"");

    private final AtomicLong received = new AtomicLong();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile long firstNanos;
    private volatile long lastNanos;
    private final String base;
    private final String token;

    private WebhookLoad(String host, String port, String token) {
        this.base = "http://" + host + ":" + port;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        WebhookLoad load = new WebhookLoad(args[1], args[2], args[3]);
        HttpServer receiver = load.receiver();
        try {
            int hooks = Integer.parseInt(args[4]);
            if (args[0].equals("deliver")) {
                load.deliver(receiver, hooks, Integer.parseInt(args[5]));
            } else {
                List<String> made = load.hooks(receiver, hooks);
                load.awaitReceived(Long.MAX_VALUE, Duration.ofSeconds(Long.parseLong(args[5]))); // the script's ingest runs meanwhile
                System.out.println("RESULT " + load.received.get());
                load.delete(made);
            }
        } finally {
            receiver.stop(0);
        }
        System.exit(0);
    }

    /** Waits until {@code count} distinct deliveries came or {@code atMost} passed, woken by each one. */
    private synchronized void awaitReceived(long count, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        long before = received.get();
        while (ids.size() < count && System.nanoTime() < deadline && (count == Long.MAX_VALUE || received.get() == before)) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    private synchronized void arrived() {
        notifyAll();
    }

    private HttpServer receiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 256);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                long now = System.nanoTime();
                if (received.getAndIncrement() == 0) {
                    firstNanos = now;
                }
                lastNanos = now;
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                if (id != null && !ids.add(id)) {
                    duplicates.incrementAndGet();
                }
                exchange.sendResponseHeaders(204, -1);
                arrived();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return server;
    }

    private List<String> hooks(HttpServer receiver, int count) throws Exception {
        List<String> made = new ArrayList<>();
        String url = "http://127.0.0.2:" + receiver.getAddress().getPort() + "/in";
        for (int i = 0; i < count; i++) {
            HttpResponse<String> created = send("POST", "/webhooks", "application/vnd.api+json",
                    "{\"data\":{\"type\":\"webhook\",\"attributes\":{\"url\":\"" + url + "\"}}}");
            Matcher id = ID.matcher(created.body());
            if (created.statusCode() != 201 || !id.find()) {
                throw new IllegalStateException("no hook: " + created.statusCode() + " " + created.body());
            }
            made.add(id.group(1));
        }
        return made;
    }

    private void delete(List<String> made) throws Exception {
        for (String id : made) {
            send("DELETE", "/webhooks/" + id, null, null);
        }
    }

    private void deliver(HttpServer receiver, int hookCount, int events) throws Exception {
        List<String> made = hooks(receiver, hookCount);
        long expected = (long) hookCount * events;
        long start = System.nanoTime();
        for (int posted = 0; posted < events; posted += 1000) {
            StringBuilder operations = new StringBuilder();
            for (int i = posted; i < Math.min(events, posted + 1000); i++) {
                operations.append(i == posted ? "" : ",").append("{\"op\":\"add\",\"data\":{\"type\":\"event\",\"attributes\":")
                        .append("{\"name\":\"email_opened\",\"payload\":{\"n\":").append(i).append("}},\"relationships\":")
                        .append("{\"prospect\":{\"data\":{\"type\":\"prospect\",\"id\":\"p-").append(i % 100).append("\"}}}}}");
            }
            HttpResponse<String> answer = send("POST", "/operations", "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"",
                    "{\"atomic:operations\":[" + operations + "]}");
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("batch: " + answer.statusCode() + " " + answer.body());
            }
        }
        // until every delivery came, or none came for 120 s
        while (ids.size() < expected) {
            long before = received.get();
            awaitReceived(expected, Duration.ofSeconds(120));
            if (received.get() == before) {
                break;
            }
        }
        System.out.printf("RESULT %d %d %d %.2f %.2f%n", ids.size(), expected, duplicates.get(),
                (lastNanos - start) / 1e9, (lastNanos - firstNanos) / 1e9);
        delete(made);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/vnd.api+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
