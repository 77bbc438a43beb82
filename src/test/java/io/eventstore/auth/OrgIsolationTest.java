package io.eventstore.auth;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Reply;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.eventstore.support.Api.events;
import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Org A can never see or touch org B's events, whatever the filters, cursors, keys and batches:
 * another org's event is 404 (not 403, which would tell it exists), and B's rows stay as they were.
 */
class OrgIsolationTest extends ApiTestBase {

    @Inject
    Store store;

    long orgA;
    long orgB;
    Api a;
    Api b;
    String prospect;
    List<String> eventsOfA = new ArrayList<>();
    List<String> eventsOfB = new ArrayList<>();

    @BeforeEach
    void twoOrgsWithTheSameProspect() {
        orgA = newOrg();
        orgB = newOrg();
        a = api.as(token(orgA, Scope.ALL));
        b = api.as(token(orgB, Scope.ALL));
        prospect = uniqueId("shared-prospect"); // both orgs know a prospect with this id
        for (int i = 0; i < 3; i++) {
            eventsOfA.add(a.create(event("a_" + i).prospect(prospect).related("account", "acc-shared")));
            eventsOfB.add(b.create(event("b_" + i).prospect(prospect).related("account", "acc-shared")));
        }
    }

    private static List<String> newestFirst(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Test
    void listsFiltersAndCountsSeeOnlyTheOwnOrg() {
        assertEquals(newestFirst(eventsOfA), a.get(events("filter[prospect][id]", prospect, "sort", "-createdAt")).ids());
        assertEquals(newestFirst(eventsOfA), a.get(events("filter[account][id]", "acc-shared", "sort", "-createdAt")).ids());
        assertEquals(List.of(), a.get(events("filter[id]", String.join(",", eventsOfB))).ids());
        assertEquals(List.of(), a.get(events("filter[name]", "b_0,b_1,b_2")).ids());
        Reply counted = a.get(events("filter[prospect][id]", prospect, "page[totals]", "true"));
        assertEquals(3, counted.json().path("meta").path("page").path("total").asInt(), counted.text());
        assertEquals(eventsOfA.size(), a.get(events("page[size]", "1000")).ids().size());
    }

    @Test
    void anotherOrgsEventIs404EverywhereAndStaysUnchanged() {
        String before = store.snapshot(orgB);
        String theirs = eventsOfB.get(0);
        a.get("/events/" + theirs).assertError(404, "not_found", null, null);
        a.get("/events/" + theirs + "/relationships/prospect").assertError(404, "not_found", null, null);
        a.patch("/events/" + theirs, changes(theirs).attribute("name", "hijacked").json()).assertError(404, "not_found", null, null);
        a.patch("/events/" + theirs + "/relationships/account", "{\"data\":{\"type\":\"account\",\"id\":\"mine\"}}")
                .assertError(404, "not_found", null, null);
        a.delete("/events/" + theirs).assertError(404, "not_found", null, null);
        new AtomicBatch().update(changes(theirs).attribute("name", "hijacked")).send(a)
                .assertError(404, "not_found", "pointer", "/atomic:operations/0");
        new AtomicBatch().add(event("mine")).remove(theirs).send(a).assertError(404, "not_found", "pointer", "/atomic:operations/1");
        new AtomicBatch().add(event("mine")).relate(theirs, "account", "mine").send(a).assertError(404, "not_found", null, null);
        assertEquals(before, store.snapshot(orgB));
        // and the answer is the one a missing event gets: nothing tells that the id exists elsewhere
        Reply missing = a.get("/events/1");
        assertEquals(missing.json().path("errors"), a.get("/events/" + theirs).json().path("errors"));
    }

    @Test
    void aCursorOfOneOrgIsRefusedInAnother() {
        Reply page = b.get(events("filter[prospect][id]", prospect, "page[size]", "1"));
        String next = page.link("next");
        assertNotNull(next);
        String cursor = URLDecoder.decode(next.replaceAll(".*page%5Bafter%5D=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        a.get(events("filter[prospect][id]", prospect, "page[size]", "1", "page[after]", cursor))
                .assertError(400, "invalid_cursor", "parameter", "page[after]");
        a.get(events("filter[prospect][id]", prospect, "page[size]", "1", "page[before]", cursor))
                .assertError(400, "invalid_cursor", "parameter", "page[before]");
        b.get(events("filter[prospect][id]", prospect, "page[size]", "1", "page[after]", cursor)).assertStatus(200);
    }

    @Test
    void idempotencyKeysBelongToTheirOrg() {
        String body = event("same_body").prospect(prospect).json();
        Map<String, String> headers = Map.of("Accept", Api.JSON_API, "Content-Type", Api.JSON_API, "Idempotency-Key", "shared-key-1");
        Reply first = b.send("POST", "/events", headers, body).assertStatus(201);
        String beforeB = store.snapshot(orgB);

        Reply other = a.send("POST", "/events", headers, body).assertStatus(201);
        assertNull(other.header("Idempotent-Replayed"), "org A never gets org B's stored answer");
        assertNotEquals(first.id(), other.id());
        Reply replay = a.send("POST", "/events", headers, body).assertStatus(201);
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(other.text(), replay.text());
        a.send("POST", "/events", headers, event("different").json()).assertError(422, "idempotency_key_reused", "header", "Idempotency-Key");
        assertEquals(beforeB, store.snapshot(orgB));
        a.get("/events/" + first.id()).assertStatus(404);
    }
}
