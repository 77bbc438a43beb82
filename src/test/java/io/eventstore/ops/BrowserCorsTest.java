package io.eventstore.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.eventstore.auth.Scope;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.OwnService;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real browser (headless Chromium driven by playwright-core, src/test/browser/cors-check.mjs) loads
 * a page from one origin and calls the API on another with fetch: from the allowed origin it reads
 * the answers and their exposed headers; from an origin not allowed the browser blocks the answer.
 * Needs /usr/bin/chromium, node and playwright-core in EVENT_STORE_BROWSER_TOOLS (default
 * target/browser-tools), which .ci/run installs; elsewhere it is skipped, unless
 * EVENT_STORE_REQUIRE_BROWSER=true (as in CI) makes a missing browser a failure.
 */
class BrowserCorsTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Environment environment;

    @Test
    void aPageOnAnAllowedOriginReadsTheApiAndAnotherOriginIsBlocked() throws Exception {
        Path tools = Path.of(System.getenv().getOrDefault("EVENT_STORE_BROWSER_TOOLS", "target/browser-tools"));
        boolean available = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isDirectory(tools.resolve("node_modules/playwright-core"));
        if (Boolean.parseBoolean(System.getenv("EVENT_STORE_REQUIRE_BROWSER"))) {
            assertTrue(available, "Chromium or playwright-core missing (see .ci/run)");
        }
        Assumptions.assumeTrue(available, "no Chromium/playwright-core here: run .ci/run to install them");

        HttpServer allowedPage = page();
        HttpServer otherPage = page();
        String allowed = "http://127.0.0.1:" + allowedPage.getAddress().getPort();
        try (EmbeddedServer service = OwnService.start(environment,
                Map.of("micronaut.server.cors.configurations.browsers.allowed-origins", allowed))) {
            String apiUrl = "http://localhost:" + service.getPort();
            String browserToken = token(org, Scope.ALL);

            JsonNode seen = browse(tools, allowed + "/", apiUrl, browserToken);
            assertEquals(allowed, seen.path("origin").asText());
            assertEquals(200, seen.at("/list/status").asInt(), seen.toString());
            assertNotNull(seen.at("/list/remaining").textValue(), "X-RateLimit-Remaining exposed: " + seen);
            assertNotNull(seen.at("/list/requestId").textValue(), "X-Request-Id exposed: " + seen);
            assertEquals(201, seen.at("/created/status").asInt(), seen.toString());
            String location = seen.at("/created/location").asText();
            assertTrue(location.startsWith(apiUrl + "/events/"), "Location exposed: " + seen);
            assertEquals(201, seen.at("/replayed/status").asInt(), seen.toString());
            assertEquals("true", seen.at("/replayed/replayed").asText(), "Idempotent-Replayed exposed: " + seen);
            String id = location.substring(location.lastIndexOf('/') + 1);
            assertEquals("opened_in_a_browser", api.get("/events/" + id).assertStatus(200).attributes().path("name").asText(),
                    "stored once, readable through the API");

            JsonNode blocked = browse(tools, "http://127.0.0.1:" + otherPage.getAddress().getPort() + "/", apiUrl, browserToken);
            for (String call : List.of("list", "created")) {
                assertTrue(blocked.at("/" + call + "/blocked").asText().contains("Failed to fetch"), call + ": " + blocked);
            }
        } finally {
            allowedPage.stop(0);
            otherPage.stop(0);
        }
    }

    /** A server of one blank page on a port of its own: an origin of its own. */
    private static HttpServer page() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] html = "<!doctype html><title>CRM</title><p>a front end on another origin</p>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static JsonNode browse(Path tools, String page, String apiUrl, String token) throws Exception {
        Path script = Path.of("src/test/browser/cors-check.mjs").toAbsolutePath();
        Path copy = tools.resolve("cors-check.mjs"); // beside node_modules, where node resolves playwright-core
        Files.copy(script, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String config = JSON.writeValueAsString(Map.of("page", page, "api", apiUrl, "token", token));
        Process node = new ProcessBuilder("node", copy.toString(), config).redirectErrorStream(false).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the browser finished");
        assertEquals(0, node.exitValue(), err);
        return JSON.readTree(out.lines().reduce((first, last) -> last).orElse("{}"));
    }
}
