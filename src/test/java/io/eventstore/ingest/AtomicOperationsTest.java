package io.eventstore.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventstore.support.Api;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.EventDocument;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicOperationsTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Reply send(AtomicBatch batch) {
        return batch.send(api);
    }

    private List<String> eventsOf(String prospect) {
        return api.get(Api.events("filter[prospect][id]", prospect, "page[size]", "1000", "sort", "createdAt")).ids();
    }

    @Test
    void operationsRunInOrderAndAnswerInOrder() {
        String prospect = uniqueId("p");
        String existing = api.create(event("before").prospect(prospect));
        String doomed = api.create(event("doomed").prospect(prospect));

        Reply reply = send(new AtomicBatch()
                .add(event("first").prospect(prospect))
                .addWithLid(event("second").prospect(prospect), "two")
                .update(changes(existing).attribute("name", "renamed"))
                .updateLid("two", "second-renamed")
                .relate(existing, "account", "acc-7")
                .remove(doomed)).assertStatus(200);

        assertEquals(AtomicBatch.MEDIA_TYPE, reply.header("Content-Type"));
        JsonNode results = reply.json().path("atomic:results");
        assertEquals(6, results.size());
        assertEquals("first", results.path(0).path("data").path("attributes").path("name").asText());
        String second = results.path(1).path("data").path("id").asText();
        assertEquals("renamed", results.path(2).path("data").path("attributes").path("name").asText());
        assertEquals(second, results.path(3).path("data").path("id").asText());
        assertEquals("second-renamed", results.path(3).path("data").path("attributes").path("name").asText());
        assertEquals(0, results.path(4).size());
        assertEquals(0, results.path(5).size());

        String first = results.path(0).path("data").path("id").asText();
        assertEquals(List.of(existing, first, second), eventsOf(prospect));
        assertEquals("renamed", api.get("/events/" + existing).attributes().path("name").asText());
        assertEquals("second-renamed", api.get("/events/" + second).attributes().path("name").asText());
        assertEquals("acc-7", api.get("/events/" + existing + "/relationships/account").data().path("id").asText());
        api.get("/events/" + doomed).assertStatus(404);
    }

    @Test
    void aFailingOperationLeavesTheDatabaseExactlyAsBefore() {
        String prospect = uniqueId("p");
        String existing = api.create(event("keep").prospect(prospect).payload("{\"a\":1}"));
        String before = api.get("/events/" + existing).text();

        Reply reply = send(new AtomicBatch()
                .add(event("new-1").prospect(prospect))
                .update(changes(existing).attribute("name", "changed"))
                .remove(existing)
                .add(event("").prospect(prospect))
                .add(event("never").prospect(prospect)));

        reply.assertError(422, null, "pointer", "/atomic:operations/3/data/attributes/name");
        assertEquals(List.of(existing), eventsOf(prospect));
        assertEquals(before, api.get("/events/" + existing).text());
    }

    @Test
    void errorsPointIntoTheAtomicBatch() {
        String prospect = uniqueId("p");
        send(new AtomicBatch().add(event("ok").prospect(prospect)).update(changes("424242").attribute("name", "x")))
                .assertError(404, null, "pointer", "/atomic:operations/1");
        send(new AtomicBatch().add(event("ok").prospect(prospect)).add(event("x").attributeJson("payload", "[1]")))
                .assertError(400, null, "pointer", "/atomic:operations/1/data/attributes/payload");
        api.send("POST", "/operations", Map.of("Content-Type", AtomicBatch.MEDIA_TYPE), "{\"atomic:operations\":[{\"op\":\"merge\"}]}")
                .assertError(400, "invalid_operation", "pointer", "/atomic:operations/0/op");
        api.send("POST", "/operations", Map.of("Content-Type", AtomicBatch.MEDIA_TYPE), "{\"atomic:operations\":[]}")
                .assertErrorAtPointer(400, "/atomic:operations");
        assertEquals(List.of(), eventsOf(prospect));
    }

    @Test
    void aAtomicBatchOfAThousandLandsInFullAndMoreIsRefused() {
        String prospect = uniqueId("p");
        AtomicBatch batch = new AtomicBatch();
        for (int i = 0; i < 1000; i++) {
            batch.add(event("bulk-" + i).prospect(prospect).payload("{\"n\":" + i + "}"));
        }
        Reply reply = send(batch).assertStatus(200);
        assertEquals(1000, reply.json().path("atomic:results").size());
        Reply counted = api.get(Api.events("filter[prospect][id]", prospect, "page[totals]", "", "page[size]", "1"));
        assertEquals(1000, counted.json().path("meta").path("page").path("total").asInt());

        batch.add(event("one-too-many").prospect(prospect));
        send(batch).assertError(400, "too_many_operations", "pointer", "/atomic:operations");
        assertEquals(1000, api.get(Api.events("filter[prospect][id]", prospect, "page[totals]", "", "page[size]", "1"))
                .json().path("meta").path("page").path("total").asInt());
    }

    @Test
    void onlyRemovesAnswer204() {
        String id = api.create(event("gone"));
        Reply reply = send(new AtomicBatch().remove(id)).assertStatus(204);
        assertTrue(reply.text().isEmpty());
        api.get("/events/" + id).assertStatus(404);
    }

    @Test
    void theExtensionIsNegotiated() {
        String body = new AtomicBatch().add(event("x")).json();
        api.send("POST", "/operations", Map.of("Content-Type", Api.JSON_API), body).assertError(415, null, null, null);
        api.send("POST", "/operations", Map.of("Content-Type", AtomicBatch.MEDIA_TYPE, "Accept", "application/vnd.api+json; ext=\"https://example.com/other\""), body)
                .assertError(406, null, null, null);
        api.send("POST", "/events", Map.of("Content-Type", AtomicBatch.MEDIA_TYPE), event("x").json()).assertError(415, null, null, null);
        api.send("GET", "/operations", Map.of(), null).assertError(405, null, null, null);
    }

    @Test
    void batchesAreSafeToRetryWithAKey() {
        String prospect = uniqueId("p");
        String body = new AtomicBatch().add(event("a").prospect(prospect)).add(event("b").prospect(prospect)).json();
        Map<String, String> headers = Map.of("Content-Type", AtomicBatch.MEDIA_TYPE, "Idempotency-Key", uniqueId("batch"));
        Reply first = api.send("POST", "/operations", headers, body).assertStatus(200);
        Reply retry = api.send("POST", "/operations", headers, body).assertStatus(200);
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(first.text(), retry.text());
        assertEquals(2, eventsOf(prospect).size());
    }
}
