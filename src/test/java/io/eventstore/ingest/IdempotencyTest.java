package io.eventstore.ingest;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdempotencyTest extends ApiTestBase {

    private Reply postWithKey(String key, String body) {
        return api.send("POST", "/events", Map.of("Content-Type", Api.JSON_API, "Idempotency-Key", key), body);
    }

    private List<String> eventsOf(String prospect) {
        return api.get(Api.events("filter[prospect][id]", prospect)).ids();
    }

    @Test
    void aRetryStoresNothingAndReplaysTheFirstAnswerByteForByte() {
        String prospect = uniqueId("p");
        String key = uniqueId("key");
        String body = event("email_delivered").prospect(prospect).payload("{\"smtp\":250}").json();

        Reply first = postWithKey(key, body).assertStatus(201);
        assertNull(first.header("Idempotent-Replayed"));
        Reply retry = postWithKey(key, body).assertStatus(201);

        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(first.text(), retry.text());
        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals("application/vnd.api+json", retry.header("Content-Type"));
        assertEquals(List.of(first.id()), eventsOf(prospect));
    }

    @Test
    void aReplayedBatchAnswersWithTheMediaTypeOfTheFirstAnswer() {
        String prospect = uniqueId("p");
        String key = uniqueId("key");
        String body = new AtomicBatch().add(event("email_sent").prospect(prospect)).json();
        Map<String, String> headers = Map.of("Content-Type", AtomicBatch.MEDIA_TYPE, "Idempotency-Key", key);

        Reply first = api.send("POST", "/operations", headers, body).assertStatus(200);
        Reply retry = api.send("POST", "/operations", headers, body).assertStatus(200);

        assertEquals(AtomicBatch.MEDIA_TYPE, first.header("Content-Type"));
        assertEquals(first.header("Content-Type"), retry.header("Content-Type"));
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(first.text(), retry.text());
        assertEquals(1, eventsOf(prospect).size());
    }

    @Test
    void keysExpireByTheServiceClock() {
        String prospect = uniqueId("p");
        String key = uniqueId("key");
        String body = event("email_delivered").prospect(prospect).json();
        Reply first = postWithKey(key, body).assertStatus(201);
        clock.advance(Duration.ofHours(25)); // past the 24 h a key lives
        Reply later = postWithKey(key, body).assertStatus(201);
        assertNull(later.header("Idempotent-Replayed"), "an expired key is free again");
        assertTrue(!later.id().equals(first.id()));
        assertEquals(2, eventsOf(prospect).size());
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String prospect = uniqueId("p");
        String key = uniqueId("key");
        postWithKey(key, event("a").prospect(prospect).json()).assertStatus(201);
        postWithKey(key, event("b").prospect(prospect).json()).assertError(422, "idempotency_key_reused", null, null);
        assertEquals(1, eventsOf(prospect).size());
    }

    @Test
    void aRequestThatFailedStoresNoKey() {
        String prospect = uniqueId("p");
        String key = uniqueId("key");
        postWithKey(key, event("").prospect(prospect).json()).assertStatus(422);
        // the client fixes the request and retries with the same key: it is a first request
        Reply fixed = postWithKey(key, event("fixed").prospect(prospect).json()).assertStatus(201);
        assertNull(fixed.header("Idempotent-Replayed"));
        assertEquals(List.of(fixed.id()), eventsOf(prospect));
    }

    @Test
    void malformedKeysAreRefused() {
        postWithKey("k".repeat(256), event("x").json()).assertError(400, "invalid_idempotency_key", null, null);
        postWithKey("tab\tkey", event("x").json()).assertError(400, "invalid_idempotency_key", null, null);
    }

    @Test
    void concurrentRetriesOfOneKeyStoreOneEvent() throws Exception {
        String prospect = uniqueId("p");
        String key = uniqueId("key");
        String body = event("burst").prospect(prospect).json();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                replies.add(pool.submit(() -> postWithKey(key, body)));
            }
            String id = null;
            for (Future<Reply> future : replies) {
                Reply reply = future.get();
                assertTrue(reply.status() == 201 || reply.status() == 409, reply.text());
                if (reply.status() == 201) {
                    id = id == null ? reply.id() : id;
                    assertEquals(id, reply.id(), "every 201 names the same event");
                } else {
                    reply.assertError(409, "idempotency_key_in_use", null, null);
                }
            }
            assertEquals(1, eventsOf(prospect).size());
            assertEquals("true", postWithKey(key, body).assertStatus(201).header("Idempotent-Replayed"));
        } finally {
            pool.shutdownNow();
        }
    }
}
