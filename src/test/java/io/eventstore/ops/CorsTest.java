package io.eventstore.ops;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS as a browser sees it, header by header (the same with a real browser: BrowserCorsTest): an
 * allowed origin's preflight is answered without a token and its answers expose the headers a
 * front end reads; any other origin gets a JSON:API error, never an empty 403.
 */
@MicronautTest(transactional = false)
@Property(name = "micronaut.server.cors.configurations.browsers.allowed-origins", value = CorsTest.CRM)
class CorsTest extends ApiTestBase {

    static final String CRM = "https://crm.example.com";

    @Test
    void aPreflightIsAnsweredBeforeAuthentication() {
        Reply preflight = api.anonymous().send("OPTIONS", "/events", Map.of("Origin", CRM,
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type,idempotency-key"), null);
        assertEquals(200, preflight.status(), preflight.text());
        assertEquals(CRM, preflight.header("Access-Control-Allow-Origin"));
        assertTrue(preflight.headerValues("Access-Control-Allow-Methods").contains("POST"), preflight.headers().map().toString());
        List<String> allowed = lower(preflight.headerValues("Access-Control-Allow-Headers"));
        assertTrue(allowed.containsAll(List.of("authorization", "content-type", "idempotency-key")), allowed.toString());
        assertEquals("600", preflight.header("Access-Control-Max-Age"));
    }

    @Test
    void anAllowedOriginsAnswersExposeWhatAFrontEndReads() {
        Reply created = api.send("POST", "/events", Map.of("Origin", CRM, "Content-Type", Api.JSON_API,
                "Idempotency-Key", uniqueId("k")), event("from_the_crm").json()).assertStatus(201);
        assertEquals(CRM, created.header("Access-Control-Allow-Origin"));
        List<String> exposed = lower(created.headerValues("Access-Control-Expose-Headers"));
        assertTrue(exposed.containsAll(List.of("location", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
                "retry-after", "idempotent-replayed", "x-request-id")), exposed.toString());
        assertNull(created.header("Access-Control-Allow-Credentials"), "tokens travel in Authorization, not cookies");
    }

    @Test
    void anyOtherOriginIsAJsonApiError() {
        for (String origin : new String[]{"https://evil.example.com", "http://crm.example.com", "null"}) {
            Reply refused = api.send("GET", "/events", Map.of("Origin", origin), null)
                    .assertError(403, "origin_not_allowed", "header", "Origin");
            assertNull(refused.header("Access-Control-Allow-Origin"), origin);
            assertTrue(refused.json().at("/errors/0/detail").asText().contains("EVENT_STORE_CORS_ALLOWED_ORIGINS"));
            Reply preflight = api.anonymous().send("OPTIONS", "/events", Map.of("Origin", origin,
                    "Access-Control-Request-Method", "GET"), null);
            assertEquals(403, preflight.status(), origin);
            assertEquals("origin_not_allowed", preflight.json().at("/errors/0/code").asText(), preflight.text());
        }
        api.get("/events").assertStatus(200); // no Origin: not a browser's cross-origin request, nothing changes
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(String::toLowerCase).toList();
    }
}
