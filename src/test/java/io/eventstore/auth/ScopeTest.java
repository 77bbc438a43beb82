package io.eventstore.auth;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Reply;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A token does what its scopes say and nothing else: read, write (create, update), delete, all. */
class ScopeTest extends ApiTestBase {

    @Inject
    Store store;

    @Test
    void everyEndpointRefusesATokenWithoutItsScopeAndChangesNothing() {
        long org = newOrg();
        String id = api.as(token(org, Scope.ALL)).create(event("untouched"));
        String before = store.snapshot(org);

        for (Scope held : List.of(Scope.READ, Scope.WRITE, Scope.DELETE)) {
            Api holder = api.as(token(org, held));
            for (Endpoints endpoint : Endpoints.about(id)) {
                if (endpoint.needs() != held) {
                    Reply reply = endpoint.send(holder).assertError(403, "insufficient_scope", null, null);
                    assertTrue(reply.json().path("errors").path(0).path("detail").asText().contains(endpoint.needs().wireName()),
                            "the refusal names the scope needed: " + reply.text());
                }
            }
        }
        assertEquals(before, store.snapshot(org));
    }

    @Test
    void eachScopeAllowsWhatItNames() {
        long org = newOrg();
        Api all = api.as(token(org, Scope.ALL));
        for (Scope held : List.of(Scope.READ, Scope.WRITE, Scope.DELETE, Scope.ALL)) {
            String id = all.create(event("subject"));
            Api holder = api.as(token(org, held));
            for (Endpoints endpoint : Endpoints.about(id)) {
                if (endpoint.needs() == held || held == Scope.ALL) {
                    Reply reply = endpoint.send(holder);
                    assertTrue(reply.status() < 300, held.wireName() + " may " + endpoint + ": " + reply.text());
                }
            }
        }
    }

    @Test
    void aBatchNeedsTheScopeOfEachOperation() {
        long org = newOrg();
        Api all = api.as(token(org, Scope.ALL));
        String id = all.create(event("kept"));
        String before = store.snapshot(org);

        Api writer = api.as(token(org, Scope.WRITE));
        new AtomicBatch().add(event("would_be_added")).remove(id).send(writer)
                .assertError(403, "insufficient_scope", "pointer", "/atomic:operations/1");
        Api deleter = api.as(token(org, Scope.DELETE));
        new AtomicBatch().remove(id).update(changes(id).attribute("name", "x")).send(deleter)
                .assertError(403, "insufficient_scope", "pointer", "/atomic:operations/1");
        new AtomicBatch().add(event("x")).send(api.as(token(org, Scope.READ))).assertError(403, "insufficient_scope", null, null);
        assertEquals(before, store.snapshot(org), "a refused operation rolls back the whole batch");

        new AtomicBatch().add(event("added")).remove(id).send(api.as(token(org, Scope.WRITE, Scope.DELETE))).assertStatus(200);
        all.get("/events/" + id).assertStatus(404);
    }

    @Test
    void forbiddenIsAJsonApiErrorWithABearerHint() {
        Reply reply = api.as(token(org, Scope.READ)).delete("/events/123").assertError(403, "insufficient_scope", null, null);
        assertEquals("Bearer realm=\"event-store\", error=\"insufficient_scope\", scope=\"events.delete\"", reply.header("WWW-Authenticate"));
    }
}
