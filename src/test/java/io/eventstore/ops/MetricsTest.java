package io.eventstore.ops;

import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /prometheus: only for metrics.read, and what the service did shows in it. */
class MetricsTest extends ApiTestBase {

    @jakarta.inject.Inject
    io.micronaut.context.env.Environment environment;

    @Test
    void onlyATokenWithMetricsReadMayScrape() {
        api.anonymous().get("/prometheus").assertError(401, "unauthorized", "header", "Authorization");
        api.get("/prometheus").assertError(403, "insufficient_scope", null, null); // events.all does not include it
        Reply scrape = scraper().get("/prometheus").assertStatus(200);
        assertTrue(scrape.header("Content-Type").startsWith("text/plain; version=0.0.4"), scrape.header("Content-Type"));
        for (String meter : new String[]{"jvm_memory_used_bytes", "hikaricp_connections_active", "hikaricp_connections_pending",
                "hikaricp_connections_acquire_seconds_count", "process_cpu_usage"}) {
            assertTrue(scrape.text().contains(meter), meter);
        }
        // a metrics token reads no org's events
        scraper().get("/events").assertError(403, "insufficient_scope", null, null);
    }

    @Test
    void requestsWritesReplaysAndRefusalsAreCounted() {
        Api scraper = scraper();
        String before = scraper.get("/prometheus").text();
        api.create(event("counted"));
        api.get("/events/" + api.create(event("counted")));
        api.get("/no/such/route/" + uniqueId("x")).assertStatus(404);
        String key = uniqueId("key");
        api.send("POST", "/events", Map.of("Content-Type", Api.JSON_API, "Idempotency-Key", key), event("keyed").json()).assertStatus(201);
        api.send("POST", "/events", Map.of("Content-Type", Api.JSON_API, "Idempotency-Key", key), event("keyed").json()).assertStatus(201);
        api.send("POST", "/operations", Map.of("Content-Type", "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"",
                        "Accept", "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\""),
                "{\"atomic:operations\":[" + add("a") + "," + add("b") + "," + add("c") + "]}").assertStatus(200);
        String limited = tokens.mint(org, "limited", java.util.EnumSet.of(Scope.READ), null, 1).secret();
        api.as(limited).get("/events").assertStatus(200);
        api.as(limited).get("/events").assertStatus(429);
        String after = scraper.get("/prometheus").text();

        assertEquals(6.0, value(after, "eventstore_events_ingested_total") - value(before, "eventstore_events_ingested_total"),
                "two posts, one keyed post (its replay not counted), three batch adds");
        assertEquals(1.0, value(after, "eventstore_idempotent_replays_total") - value(before, "eventstore_idempotent_replays_total"));
        assertEquals(1.0, value(after, "eventstore_rate_limited_total") - value(before, "eventstore_rate_limited_total"));
        assertEquals(3.0, value(after, "eventstore_batch_operations_sum") - value(before, "eventstore_batch_operations_sum"));
        String posts = "http_server_requests_seconds_count{method=\"POST\",status=\"201\",uri=\"/events\"}";
        assertEquals(4.0, value(after, posts) - value(before, posts), "by route template, method and status");
        String item = "http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/events/{id}\"}";
        assertEquals(1.0, value(after, item) - value(before, item), "ids are not in the series");
        assertTrue(value(after, "http_server_requests_seconds_count{method=\"GET\",status=\"404\",uri=\"other\"}") >= 1.0,
                "unknown paths share one series");
        assertTrue(after.contains("http_server_requests_seconds_bucket{method=\"POST\",status=\"201\",uri=\"/events\",le="),
                "a latency histogram");
    }

    @Test
    void withMetricsTurnedOffTheServiceServesAsBefore() {
        try (io.micronaut.runtime.server.EmbeddedServer unmetered = io.eventstore.support.OwnService.start(environment,
                Map.of("micronaut.metrics.enabled", false))) {
            Api client = new Api(unmetered.getURI(), token);
            client.create(event("unmetered"));
            client.get("/events").assertStatus(200);
            client.anonymous().get("/health/readiness").assertStatus(200);
        }
    }

    @Test
    void methodsOutsideHttpsOwnShareOneSeries() throws Exception {
        for (String method : new String[]{"BREW", "PROPFIND", "X-SCAN"}) {
            try (io.eventstore.support.RawHttp raw = io.eventstore.support.RawHttp.connect(server.getURI())) {
                java.util.List<Integer> statuses = raw.send(method + " /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + token + "\r\nConnection: close\r\n\r\n").read(java.time.Duration.ofSeconds(2)).statuses();
                assertEquals(java.util.List.of(405), statuses, method);
            }
        }
        String scrape = scraper().get("/prometheus").text();
        assertTrue(!scrape.contains("method=\"BREW\"") && !scrape.contains("method=\"X-SCAN\""), "no series per made-up method");
        assertTrue(scrape.contains("method=\"other\""), "they are counted as other");
    }

    private Api scraper() {
        return api.as(tokens.mint(org, "scraper", java.util.EnumSet.of(Scope.METRICS), null, 1_000_000).secret());
    }

    private static String add(String lid) {
        return "{\"op\":\"add\",\"data\":{\"type\":\"event\",\"lid\":\"" + lid + "\",\"attributes\":{\"name\":\"batched\"}}}";
    }

    /** A sample's value in the scrape, 0 when the series does not exist yet. */
    private static double value(String scrape, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return line.find() ? Double.parseDouble(line.group(1)) : 0.0;
    }
}
