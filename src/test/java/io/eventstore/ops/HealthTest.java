package io.eventstore.ops;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health without a token: up or down and nothing more; the details only to an authenticated caller.
 * (Readiness going down while the database is gone: DatabaseOutageTest.)
 */
class HealthTest extends ApiTestBase {

    @Test
    void livenessAndReadinessAnswerWithoutATokenAndShowNoDetails() {
        for (String path : new String[]{"/health", "/health/liveness", "/health/readiness"}) {
            for (String accept : new String[]{"*/*", "application/json", "application/vnd.api+json"}) {
                Reply reply = api.anonymous().send("GET", path, Map.of("Accept", accept), null);
                assertEquals(200, reply.status(), path + " " + accept + ": " + reply.text());
                assertEquals("UP", reply.json().path("status").asText(), reply.text());
                assertFalse(reply.json().has("details"), path + " shows nothing but its status: " + reply.text());
                assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
            }
        }
    }

    @Test
    void readinessCountsTheDatabaseAndItsSchemaAndLivenessDoesNot() {
        Reply readiness = api.get("/health/readiness").assertStatus(200);
        Map.Entry<String, String> schema = Map.entry(
                readiness.json().at("/details/database/details/schemaVersion").asText(),
                readiness.json().at("/details/database/details/expectedSchemaVersion").asText());
        assertFalse(schema.getKey().isEmpty(), readiness.text());
        assertEquals(schema.getValue(), schema.getKey(), "the schema is current: " + readiness.text());
        assertEquals("UP", readiness.json().at("/details/database/status").asText(), readiness.text());

        Reply liveness = api.get("/health").assertStatus(200);
        assertTrue(liveness.json().path("details").path("database").isMissingNode(),
                "liveness does not depend on the database: " + liveness.text());
    }
}
