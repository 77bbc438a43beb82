package io.eventstore.ingest;

import io.eventstore.db.TransactionRetry;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Deadlock;
import io.eventstore.support.Reply;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write that the database rolls back in a deadlock (on a Galera cluster: a certification conflict
 * at commit, reported the same way) runs again and succeeds; the client never sees the conflict.
 * The deadlock is real (see {@link Deadlock}).
 */
class ConflictRetryTest extends ApiTestBase {

    @Inject
    Store store;

    @Inject
    TransactionRetry retry;

    @Test
    void aBatchRolledBackByADeadlockRunsAgainAndIsStored() throws Exception {
        List<Long> ballast = Deadlock.ballast(api);
        long first = Long.parseLong(api.create(event("email_opened")));
        long second = Long.parseLong(api.create(event("email_opened")));
        long retriedBefore = retry.retried();

        Reply reply = Deadlock.around(store, org, ballast, first, second, () -> new AtomicBatch()
                .update(changes(Long.toString(first)).attribute("body", "first by the batch"))
                .update(changes(Long.toString(second)).attribute("body", "second by the batch"))
                .send(api));

        reply.assertStatus(200);
        assertTrue(retry.retried() > retriedBefore, "the batch's transaction ran again");
        assertEquals("first by the batch", api.get("/events/" + first).attributes().path("body").asText());
        assertEquals("second by the batch", api.get("/events/" + second).attributes().path("body").asText());
    }

    @Test
    void aKeyedPostRolledBackByADeadlockIsStoredOnceAndReplayed() throws Exception {
        List<Long> ballast = Deadlock.ballast(api);
        long first = Long.parseLong(api.create(event("email_opened")));
        long second = Long.parseLong(api.create(event("email_opened")));
        String key = uniqueId("deadlocked");
        String batch = new AtomicBatch()
                .update(changes(Long.toString(first)).attribute("body", "keyed"))
                .update(changes(Long.toString(second)).attribute("body", "keyed"))
                .add(event("added_by_the_keyed_batch"))
                .json();

        Reply reply = Deadlock.around(store, org, ballast, first, second, () -> api.send("POST", "/operations",
                java.util.Map.of("Content-Type", AtomicBatch.MEDIA_TYPE, "Accept", AtomicBatch.MEDIA_TYPE, "Idempotency-Key", key),
                batch));
        reply.assertStatus(200);
        Reply replay = api.send("POST", "/operations",
                java.util.Map.of("Content-Type", AtomicBatch.MEDIA_TYPE, "Accept", AtomicBatch.MEDIA_TYPE, "Idempotency-Key", key),
                batch);
        replay.assertStatus(200);
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(reply.text(), replay.text());
        assertEquals(1, api.get("/events?filter[name]=added_by_the_keyed_batch").ids().size());
    }
}
