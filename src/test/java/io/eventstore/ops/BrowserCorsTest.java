package io.eventstore.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.eventstore.auth.Scope;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Browser;
import io.eventstore.support.OwnService;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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

    @Inject
    Environment environment;

    @Test
    void aPageOnAnAllowedOriginReadsTheApiAndAnotherOriginIsBlocked() throws Exception {
        Browser.assumeAvailable();

        HttpServer allowedPage = page();
        HttpServer otherPage = page();
        String allowed = "http://127.0.0.1:" + allowedPage.getAddress().getPort();
        try (EmbeddedServer service = OwnService.start(environment,
                Map.of("micronaut.server.cors.configurations.browsers.allowed-origins", allowed))) {
            String apiUrl = "http://localhost:" + service.getPort();
            String browserToken = token(org, Scope.ALL);

            JsonNode seen = browse(allowed + "/", apiUrl, browserToken);
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

            JsonNode blocked = browse("http://127.0.0.1:" + otherPage.getAddress().getPort() + "/", apiUrl, browserToken);
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

    private static JsonNode browse(String page, String apiUrl, String token) throws Exception {
        return Browser.run("cors-check.mjs", Map.of("page", page, "api", apiUrl, "token", token), Duration.ofSeconds(60));
    }
}
