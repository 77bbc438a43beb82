package io.eventstore.ops;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Unconfigured, the service allows no browser origin, a localhost one included (the shared service runs on localhost). */
class NoOriginAllowedByDefaultTest extends ApiTestBase {

    @Test
    void everyOriginIsRefusedWithAJsonApiError() {
        for (String origin : new String[]{"https://crm.example.com", "http://localhost:3000", "http://127.0.0.1:8080"}) {
            Reply refused = api.send("GET", "/events", Map.of("Origin", origin), null);
            refused.assertError(403, "origin_not_allowed", "header", "Origin");
            assertNull(refused.header("Access-Control-Allow-Origin"));
            Reply preflight = api.anonymous().send("OPTIONS", "/events", Map.of("Origin", origin, "Access-Control-Request-Method", "GET"), null);
            assertEquals(403, preflight.status(), preflight.text());
        }
    }
}
