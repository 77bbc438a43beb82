package io.eventstore.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateEventTest extends ApiTestBase {

    private static final String PAYLOAD = "{\"messageId\":\"m-1\",\"score\":0.5}";

    private JsonNode stored(String id) {
        return api.get("/events/" + id).assertStatus(200).attributes();
    }

    /**
     * A change reads, changes and writes its event under a lock: changes of different members sent at
     * once all survive (each relationship PATCH and a rename, eight at a time).
     */
    @Test
    void concurrentChangesOfOneEventLoseNothing() throws Exception {
        List<String> relationships = List.of("account", "call", "mailing", "opportunity", "prospect", "task", "user");
        ExecutorService pool = Executors.newFixedThreadPool(relationships.size() + 1);
        try {
            for (int round = 0; round < 10; round++) {
                String id = api.create(event("start"));
                String name = "name-" + round;
                List<CompletableFuture<Reply>> changes = new ArrayList<>();
                changes.add(CompletableFuture.supplyAsync(() -> api.patch("/events/" + id, changes(id).attribute("name", name).json()), pool));
                for (String relationship : relationships) {
                    String linkage = "{\"data\":{\"type\":\"" + relationship + "\",\"id\":\"" + relationship + "-" + round + "\"}}";
                    changes.add(CompletableFuture.supplyAsync(() ->
                            api.patch("/events/" + id + "/relationships/" + relationship, linkage), pool));
                }
                for (CompletableFuture<Reply> change : changes) {
                    Reply reply = change.get();
                    assertTrue(reply.status() == 200 || reply.status() == 204, reply.text());
                }
                Reply stored = api.get("/events/" + id);
                assertEquals(name, stored.attributes().path("name").asText(), "round " + round);
                for (String relationship : relationships) {
                    assertEquals(relationship + "-" + round, stored.data().path("relationships").path(relationship)
                            .path("data").path("id").asText(), relationship + " in round " + round);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void patchChangesOnlyWhatItNames() {
        String id = api.create(event("email_sent").attribute("body", "b").payload(PAYLOAD).prospect("p-1"));
        JsonNode before = stored(id);

        Reply patched = api.patch("/events/" + id, changes(id).attribute("name", "email_bounced")
                .eventAt("2025-12-31T23:00:00-01:00").json()).assertStatus(200);

        JsonNode after = stored(id);
        assertEquals(patched.attributes(), after, "the 200 body and a fresh GET agree");
        assertEquals("email_bounced", after.path("name").asText());
        assertEquals("2026-01-01T00:00:00Z", after.path("eventAt").asText());
        assertEquals("b", after.path("body").asText());
        assertEquals(before.path("payload"), after.path("payload"));
        assertEquals(before.path("createdAt"), after.path("createdAt"));
        assertTrue(Instant.parse(after.path("updatedAt").asText()).isAfter(Instant.parse(before.path("updatedAt").asText())));
        assertEquals("p-1", api.get("/events/" + id).data().path("relationships").path("prospect").path("data").path("id").asText());
    }

    @Test
    void payloadCanNeverChange() {
        String id = api.create(event("link_clicked").payload(PAYLOAD));
        api.patch("/events/" + id, changes(id).payload("{\"messageId\":\"m-2\"}").json())
                .assertError(403, "immutable_payload", "pointer", "/data/attributes/payload");
        api.patch("/events/" + id, changes(id).attributeJson("payload", "null").json())
                .assertErrorAtPointer(403, "/data/attributes/payload");
        assertEquals(io.eventstore.support.EventDocument.parse(PAYLOAD), stored(id).path("payload"));

        // sending the same payload back is not a change
        api.patch("/events/" + id, changes(id).payload("{\"score\":0.5,\"messageId\":\"m-1\"}").attribute("name", "n2").json())
                .assertStatus(200);
        assertEquals("n2", stored(id).path("name").asText());
    }

    @Test
    void anEventWithoutPayloadCannotGainOne() {
        String id = api.create(event("call_logged"));
        api.patch("/events/" + id, changes(id).payload("{\"a\":1}").json()).assertErrorAtPointer(403, "/data/attributes/payload");
        assertTrue(stored(id).path("payload").isNull());
    }

    @Test
    void serverTimestampsCannotChange() {
        String id = api.create(event("x"));
        JsonNode before = stored(id);
        api.patch("/events/" + id, changes(id).attribute("createdAt", "2020-01-01T00:00:00Z").json())
                .assertErrorAtPointer(403, "/data/attributes/createdAt");
        api.patch("/events/" + id, changes(id).attribute("updatedAt", "2020-01-01T00:00:00Z").json())
                .assertErrorAtPointer(403, "/data/attributes/updatedAt");
        assertEquals(before, stored(id));
    }

    @Test
    void bodyIdMustMatchTheUrl() {
        String id = api.create(event("x"));
        String other = api.create(event("y"));
        api.patch("/events/" + id, changes(other).attribute("name", "z").json()).assertError(409, "id_mismatch", "pointer", "/data/id");
        api.patch("/events/" + id, "{\"data\":{\"type\":\"event\",\"attributes\":{\"name\":\"z\"}}}").assertErrorAtPointer(400, "/data/id");
        api.patch("/events/" + id, "{\"data\":{\"type\":\"prospect\",\"id\":\"" + id + "\"}}").assertErrorAtPointer(409, "/data/type");
        assertEquals("x", stored(id).path("name").asText());
        assertEquals("y", stored(other).path("name").asText());
    }

    @Test
    void requiredAttributesCannotBeRemoved() {
        String id = api.create(event("x"));
        api.patch("/events/" + id, changes(id).attributeJson("name", "null").json()).assertErrorAtPointer(422, "/data/attributes/name");
        api.patch("/events/" + id, changes(id).attributeJson("eventAt", "null").json()).assertErrorAtPointer(422, "/data/attributes/eventAt");
    }

    @Test
    void patchOfAnUnknownEventIs404() {
        api.patch("/events/999999999", changes("999999999").attribute("name", "x").json()).assertError(404, null, null, null);
    }

    @Test
    void relationshipsAreSetAndClearedInTheDocumentAndThroughTheirEndpoints() {
        String id = api.create(event("x").prospect("p-1").related("task", "t-1"));
        api.patch("/events/" + id, changes(id).prospect("p-2").unrelated("task").json()).assertStatus(200);
        JsonNode relationships = api.get("/events/" + id).data().path("relationships");
        assertEquals("p-2", relationships.path("prospect").path("data").path("id").asText());
        assertTrue(relationships.path("task").path("data").isNull());

        Reply linkage = api.get("/events/" + id + "/relationships/prospect").assertStatus(200);
        assertEquals("prospect", linkage.data().path("type").asText());
        assertEquals("p-2", linkage.data().path("id").asText());

        api.patch("/events/" + id + "/relationships/opportunity", "{\"data\":{\"type\":\"opportunity\",\"id\":\"o-7\"}}")
                .assertStatus(204);
        assertEquals("o-7", api.get("/events/" + id + "/relationships/opportunity").data().path("id").asText());
        api.patch("/events/" + id + "/relationships/opportunity", "{\"data\":null}").assertStatus(204);
        assertTrue(api.get("/events/" + id + "/relationships/opportunity").data().isNull());

        api.patch("/events/" + id + "/relationships/prospect", "{\"data\":{\"type\":\"account\",\"id\":\"a\"}}")
                .assertErrorAtPointer(422, "/data/type");
        api.get("/events/" + id + "/relationships/company").assertError(404, null, null, null);
        api.get("/events/424242/relationships/prospect").assertError(404, null, null, null);
        assertEquals("p-2", api.get("/events/" + id + "/relationships/prospect").data().path("id").asText());
    }

}
