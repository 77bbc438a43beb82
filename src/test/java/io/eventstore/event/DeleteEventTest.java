package io.eventstore.event;

import io.eventstore.support.ApiTestBase;
import org.junit.jupiter.api.Test;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeleteEventTest extends ApiTestBase {

    @Test
    void deletedEventsAreGone() {
        String prospect = uniqueId("p");
        String id = api.create(event("x").prospect(prospect));
        String kept = api.create(event("y").prospect(prospect));

        var reply = api.delete("/events/" + id).assertStatus(204);
        assertTrue(reply.text().isEmpty());
        api.get("/events/" + id).assertError(404, "not_found", null, null);
        api.delete("/events/" + id).assertError(404, "not_found", null, null);
        assertEquals(java.util.List.of(kept), api.get(io.eventstore.support.Api.events("filter[prospect][id]", prospect)).ids());
    }

    @Test
    void malformedIdsAreNotFound() {
        api.get("/events/abc").assertError(404, "not_found", null, null);
        api.get("/events/99999999999999999999999").assertError(404, "not_found", null, null);
        api.get("/events/-1").assertError(404, "not_found", null, null);
        api.delete("/events/abc").assertError(404, "not_found", null, null);
    }
}
