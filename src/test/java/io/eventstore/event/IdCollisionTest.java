package io.eventstore.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Reply;
import io.eventstore.support.RepeatingIds;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two instances that share a worker id can draw the same event id: the insert is refused by the
 * primary key and the event stored under a new id, in a single post, a keyed post and a batch.
 */
class IdCollisionTest extends ApiTestBase {

    @Inject
    RepeatingIds ids;

    @Test
    void aCollidingIdIsDrawnAgainAndTheEventStored() {
        String prospect = uniqueId("p");
        String taken = api.create(event("first").prospect(prospect));

        ids.repeat(Long.parseLong(taken));
        Reply single = api.post("/events", event("single").prospect(prospect).json()).assertStatus(201);
        ids.repeat(Long.parseLong(taken));
        Reply keyed = api.send("POST", "/events", Map.of("Content-Type", Api.JSON_API, "Idempotency-Key", uniqueId("k")),
                event("keyed").prospect(prospect).json()).assertStatus(201);

        assertNotEquals(taken, single.id());
        assertNotEquals(taken, keyed.id());
        assertEquals(single.header("Location"), single.data().path("links").path("self").asText());
        assertEquals("first", api.get("/events/" + taken).attributes().path("name").asText(), "the first event is intact");
        assertEquals("keyed", api.get("/events/" + keyed.id()).attributes().path("name").asText());
        assertEquals(3, api.get(Api.events("filter[prospect][id]", prospect)).ids().size());
    }

    @Test
    void aBatchWhoseIdsCollideIsStoredUnderNewIdsAndAnswersThem() {
        String prospect = uniqueId("p");
        String taken = api.create(event("first").prospect(prospect));

        ids.repeat(Long.parseLong(taken));
        Reply batch = new AtomicBatch().addWithLid(event("a").prospect(prospect), "a").add(event("b").prospect(prospect))
                .updateLid("a", "a-renamed").update(changes(taken).attribute("name", "first-renamed"))
                .send(api).assertStatus(200);

        List<String> answered = List.of(batch.json().path("atomic:results").path(0).path("data").path("id").asText(),
                batch.json().path("atomic:results").path(1).path("data").path("id").asText());
        assertNotEquals(taken, answered.get(0));
        assertEquals("a-renamed", api.get("/events/" + answered.get(0)).attributes().path("name").asText(),
                "the update by lid reached the event under its new id");
        assertEquals("b", api.get("/events/" + answered.get(1)).attributes().path("name").asText());
        JsonNode updated = batch.json().path("atomic:results").path(3).path("data");
        assertEquals(taken, updated.path("id").asText(), "the update of the event that held the id answers that event");
        assertEquals("first-renamed", updated.path("attributes").path("name").asText());
        assertEquals(3, api.get(Api.events("filter[prospect][id]", prospect)).ids().size());
    }
}
