package io.eventstore.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as an operator runs it: {@code io.eventstore.Application} in a JVM of its own (the
 * test's class path), on a free port, its console in a file. For what only a real process shows:
 * signals, kill -9, a second start on the same data, an exit code.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path console;

    private ServiceProcess(Process process, int port, Path console) {
        this.process = process;
        this.port = port;
        this.console = console;
    }

    /** Starts the service with these environment variables (the port is chosen here). */
    public static ServiceProcess start(Map<String, String> environment, String... args) throws IOException {
        int port = freePort();
        Path console = Files.createTempFile("event-store-service", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.eventstore.Application"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile());
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start(), port, console);
    }

    public URI uri() {
        return URI.create("http://localhost:" + port);
    }

    public Process process() {
        return process;
    }

    /** Waits until GET /health/readiness answers 200, or the process ends, or the time is up. */
    public ServiceProcess awaitReady(Duration within) throws Exception {
        int status = Await.until(within, () -> process.isAlive() ? readiness() : -2, answer -> answer == 200 || answer == -2);
        if (status == -2) {
            throw new AssertionError("the service ended with " + process.exitValue() + ":\n" + console());
        }
        if (status != 200) {
            throw new AssertionError("not ready within " + within + ":\n" + console());
        }
        return this;
    }

    /** The status of GET /health/readiness, or -1 when nothing answers. */
    public int readiness() {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri().resolve("/health/readiness")).timeout(Duration.ofSeconds(5)).build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM, then the exit code (within the time given). */
    public int terminate(Duration within) throws InterruptedException {
        process.destroy();
        return exitCode(within);
    }

    /** The exit code once the process has ended by itself within the time given. */
    public int exitCode(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + within + ":\n" + console());
        }
        return process.exitValue();
    }

    /** kill -9: no hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public String console() {
        try {
            return Files.readString(console, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(console unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        Files.deleteIfExists(console);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
