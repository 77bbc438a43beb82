package io.eventstore.ingest;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Deadlock;
import io.eventstore.support.Reply;
import io.eventstore.support.Store;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * When the retries of a conflicting write run out (none here), the client gets a 503 with
 * {@code Retry-After} and an opaque id, never a 500, and nothing of the write is kept.
 */
@MicronautTest(transactional = false)
@Property(name = "event-store.db.conflict-retries", value = "0")
class ConflictExhaustedTest extends ApiTestBase {

    @Inject
    Store store;

    @Test
    void aConflictThatOutlastsTheRetriesIs503WithRetryAfterAndKeepsNothing() throws Exception {
        List<Long> ballast = Deadlock.ballast(api);
        long first = Long.parseLong(api.create(event("email_opened")));
        long second = Long.parseLong(api.create(event("email_opened")));
        String firstBefore = api.get("/events/" + first).text();
        String secondBefore = api.get("/events/" + second).text();

        Reply reply = Deadlock.around(store, org, ballast, first, second, () -> new AtomicBatch()
                .update(changes(Long.toString(first)).attribute("body", "lost"))
                .update(changes(Long.toString(second)).attribute("body", "lost"))
                .add(event("never_stored"))
                .send(api));

        reply.assertError(503, "write_conflict", null, null);
        assertEquals("1", reply.header("Retry-After"));
        assertFalse(reply.json().path("errors").path(0).path("id").asText().isEmpty(), "an opaque id");
        assertFalse(reply.text().contains("Deadlock"), reply.text());
        assertEquals(firstBefore, api.get("/events/" + first).text());
        assertEquals(secondBefore, api.get("/events/" + second).text());
        assertEquals(0, api.get("/events?filter[name]=never_stored").ids().size());
    }
}
