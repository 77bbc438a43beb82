package io.eventstore.ingest;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fault between the event insert and the storing of the answer must leave neither the event nor
 * the key: both are one transaction (the fault: {@link io.eventstore.support.FailingIdempotency}).
 */
class KeyAndEventsCommitTogetherTest extends ApiTestBase {

    @Inject
    IdempotencyKeyRepository keys;

    @Test
    void aFailureAfterTheInsertLeavesNeitherEventNorKey() {
        String prospect = uniqueId("p");
        String key = "explode-" + uniqueId("k");
        api.send("POST", "/events", Map.of("Content-Type", Api.JSON_API, "Idempotency-Key", key),
                event("doomed").prospect(prospect).json()).assertError(500, "internal_error", null, null);
        assertEquals(0, api.get(Api.events("filter[prospect][id]", prospect)).ids().size());
        assertTrue(keys.findById(new IdempotencyKeyId(org, key)).isEmpty());

        String batchKey = "explode-" + uniqueId("k");
        api.send("POST", "/operations", Map.of("Content-Type", "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"",
                "Idempotency-Key", batchKey), "{\"atomic:operations\":[{\"op\":\"add\",\"data\":" + event("doomed").prospect(prospect)
                .data() + "}]}").assertError(500, "internal_error", null, null);
        assertEquals(0, api.get(Api.events("filter[prospect][id]", prospect)).ids().size());
        assertTrue(keys.findById(new IdempotencyKeyId(org, batchKey)).isEmpty());
    }

    @Test
    void aFaultOfOursIsA500EvenWhenItIsAnIllegalArgumentException() {
        String prospect = uniqueId("p");
        Reply reply = api.send("POST", "/events", Map.of("Content-Type", Api.JSON_API, "Idempotency-Key", "explode-iae-" + uniqueId("k")),
                event("doomed").prospect(prospect).json()).assertError(500, "internal_error", null, null);
        assertTrue(reply.json().path("errors").path(0).path("id").asText().matches("[0-9a-f-]{36}"), "an opaque id: " + reply.text());
        assertEquals(0, api.get(Api.events("filter[prospect][id]", prospect)).ids().size());
    }
}
