package io.eventstore.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.auth.ApiTokens;
import io.eventstore.auth.Scope;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.SseClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static io.eventstore.support.SseClient.assertChange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /events/stream through a socket read as an EventSource reads it: delivery, resume, filters, ends. */
class StreamTest extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private SseClient stream(String query) throws Exception {
        return stream(query, token, Map.of());
    }

    private SseClient stream(String query, String token, Map<String, String> headers) throws Exception {
        return SseClient.open(server.getURI(), "/events/stream" + query, token, headers);
    }

    @Test
    void everyKindOfChangeArrivesLiveAsTheEventIsStored() throws Exception {
        String prospect = uniqueId("p");
        try (SseClient live = stream("?filter%5Bprospect%5D%5Bid%5D=" + prospect)) {
            assertEquals(200, live.status());
            assertTrue(live.header("Content-Type").startsWith("text/event-stream"), live.header("Content-Type"));
            assertEquals("no-store", live.header("Cache-Control"));

            String id = api.create(event("email_opened").prospect(prospect).payload("{\"campaign\":7}"));
            SseClient.Message created = live.next(WAIT);
            assertChange(created, "created", id);
            // the same resource object GET /events/{id} writes
            JsonNode stored = api.get("/events/" + id).assertStatus(200).data();
            assertEquals(stored, created.document().path("data"));

            api.patch("/events/" + id, changes(id).attribute("name", "email_clicked").json()).assertStatus(200);
            SseClient.Message updated = live.next(WAIT);
            assertChange(updated, "updated", id);
            assertEquals("email_clicked", updated.document().path("data").path("attributes").path("name").asText());

            api.patch("/events/" + id + "/relationships/user", "{\"data\":{\"type\":\"user\",\"id\":\"u1\"}}").assertStatus(204);
            SseClient.Message related = live.next(WAIT);
            assertChange(related, "updated", id);
            assertEquals("u1", related.document().path("data").path("relationships").path("user").path("data").path("id").asText());

            JsonNode before = api.get("/events/" + id).data();
            api.delete("/events/" + id).assertStatus(204);
            SseClient.Message deleted = live.next(WAIT);
            assertChange(deleted, "deleted", id);
            assertEquals(before, deleted.document().path("data"), "a delete keeps the last attributes and relationships");

            List<Long> positions = List.of(Long.parseLong(created.id()), Long.parseLong(updated.id()),
                    Long.parseLong(related.id()), Long.parseLong(deleted.id()));
            assertEquals(positions.stream().sorted().toList(), positions);
        }
    }

    @Test
    void aBatchArrivesInTheOrderOfItsOperations() throws Exception {
        String prospect = uniqueId("p");
        try (SseClient live = stream("?filter%5Bprospect%5D%5Bid%5D=" + prospect)) {
            new AtomicBatch().addWithLid(event("a").prospect(prospect), "a").add(event("b").prospect(prospect))
                    .updateLid("a", "a2").send(api).assertStatus(200);
            List<SseClient.Message> three = live.next(3, WAIT);
            assertEquals(List.of("created", "created", "updated"), three.stream().map(SseClient.Message::event).toList());
            assertEquals(three.get(0).eventId(), three.get(2).eventId());
            assertEquals("a2", three.get(2).document().path("data").path("attributes").path("name").asText());
        }
    }

    @Test
    void aStreamResumedWithLastEventIdMissesNothingAndRepeatsNothing() throws Exception {
        String prospect = uniqueId("p");
        String filter = "?filter%5Bprospect%5D%5Bid%5D=" + prospect;
        List<String> ids = new ArrayList<>();
        String lastSeen;
        try (SseClient first = stream(filter)) {
            for (int i = 0; i < 3; i++) {
                ids.add(api.create(event("e" + i).prospect(prospect)));
            }
            List<SseClient.Message> read = first.next(2, WAIT);
            assertEquals(ids.subList(0, 2), read.stream().map(SseClient.Message::eventId).toList());
            lastSeen = read.get(1).id();
        } // the client goes away after two of the three
        for (int i = 3; i < 5; i++) {
            ids.add(api.create(event("e" + i).prospect(prospect)));
        }
        // an EventSource reconnects to the same URL (its after= too) and sends Last-Event-ID: the header wins
        try (SseClient resumed = stream(filter + "&after=0", token, Map.of("Last-Event-ID", lastSeen))) {
            assertEquals(ids.subList(2, 5), resumed.next(3, WAIT).stream().map(SseClient.Message::eventId).toList());
            String marker = api.create(event("marker").prospect(prospect));
            assertChange(resumed.next(WAIT), "created", marker); // nothing repeated before it
        }
        // ?after= alone resumes too
        try (SseClient resumed = stream(filter + "&after=" + lastSeen)) {
            assertEquals(ids.get(2), resumed.next(WAIT).eventId());
        }
    }

    @Test
    void filtersAreTheListingsFilters() throws Exception {
        String prospect = uniqueId("p");
        String other = uniqueId("p");
        try (SseClient names = stream("?filter%5Bprospect%5D%5Bid%5D=" + prospect + "," + other + "&filter%5Bname%5D=opened,clicked");
             SseClient one = stream("?filter%5Bprospect%5D%5Bid%5D=" + other)) {
            api.create(event("opened").prospect(uniqueId("p")));   // another prospect
            api.create(event("opened"));                              // no prospect at all
            api.create(event("bounced").prospect(prospect));         // another name
            String a = api.create(event("opened").prospect(prospect));
            String b = api.create(event("clicked").prospect(other));
            assertEquals(List.of(a, b), names.next(2, WAIT).stream().map(SseClient.Message::eventId).toList());
            assertEquals(b, one.next(WAIT).eventId());
            String c = api.create(event("clicked").prospect(prospect));
            assertEquals(c, names.next(WAIT).eventId(), "nothing came between b and c");
        }
    }

    @Test
    void aStreamSeesOnlyItsOwnOrg() throws Exception {
        long otherOrg = newOrg();
        String prospect = uniqueId("p");
        try (SseClient mine = stream("")) {
            api.as(token(otherOrg, Scope.ALL)).create(event("theirs").prospect(prospect));
            String marker = api.create(event("mine").prospect(prospect));
            assertChange(mine.next(WAIT), "created", marker);
        }
    }

    @Test
    void theListingSaysWhereToStreamFrom() throws Exception {
        String prospect = uniqueId("p");
        String before = api.create(event("before").prospect(prospect));
        JsonNode page = api.get("/events?filter%5Bprospect%5D%5Bid%5D=" + prospect).assertStatus(200).json();
        String position = page.path("meta").path("feedPosition").asText();
        assertTrue(position.matches("\\d+"), position);
        assertEquals(List.of(before), api.get("/events?filter%5Bprospect%5D%5Bid%5D=" + prospect).ids());
        String after = api.create(event("after").prospect(prospect));
        try (SseClient stream = stream("?filter%5Bprospect%5D%5Bid%5D=" + prospect + "&after=" + position)) {
            // a change committed just before the listing may not have its position yet: then it comes
            // in both (applying it twice changes nothing); what the listing lacks always comes
            SseClient.Message next = stream.next(WAIT);
            if (next.eventId().equals(before)) {
                next = stream.next(WAIT);
            }
            assertEquals(after, next.eventId());
        }
    }

    @Test
    void heartbeatsKeepAnIdleStreamAlive() throws Exception {
        try (SseClient idle = stream("?filter%5Bprospect%5D%5Bid%5D=" + uniqueId("p"))) {
            SseClient.Message beat = idle.nextAny(Duration.ofSeconds(5)); // every 1 s in the tests, 15 s by default
            assertNotNull(beat);
            assertEquals("heartbeat", beat.comment());
            assertEquals(null, beat.data());
            assertFalse(idle.isClosed());
        }
    }

    @Test
    void refusalsAreJsonApiErrors() throws Exception {
        SseClient anonymous = stream("", null, Map.of());
        assertEquals(401, anonymous.status());

        String writer = token(org, Scope.WRITE);
        SseClient noRead = stream("", writer, Map.of());
        assertEquals(403, noRead.status());
        assertEquals("application/vnd.api+json", noRead.header("Content-Type"));

        SseClient json = stream("", token, Map.of("Accept", "application/vnd.api+json"));
        assertEquals(406, json.status());
        assertEquals("not_acceptable", json.error().path("errors").get(0).path("code").asText());

        assertError(stream("?after=abc"), 400, "invalid_position", "parameter", "after");
        assertError(stream("?after=99999999999"), 400, "invalid_position", "parameter", "after");
        assertError(stream("", token, Map.of("Last-Event-ID", "x1")), 400, "invalid_position", "header", "Last-Event-ID");
        assertError(stream("?sort=-eventAt"), 400, "unknown_parameter", "parameter", "sort");
        assertError(stream("?filter%5Bnope%5D=1"), 400, null, "parameter", "filter[nope]");
        assertEquals(405, api.send("POST", "/events/stream", Map.of("Accept", "text/event-stream"), "").status());
    }

    private static void assertError(SseClient refused, int status, String code, String sourceMember, String source) {
        assertEquals(status, refused.status());
        JsonNode error = refused.error().path("errors").get(0);
        if (code != null) {
            assertEquals(code, error.path("code").asText(), error.toString());
        }
        assertEquals(source, error.path("source").path(sourceMember).asText(), error.toString());
    }

    @Test
    void aTokenHasAtMostFiveStreamsAndOneStreamIsOneRequest() throws Exception {
        ApiTokens.Minted minted = tokens.mint(org, "streams", EnumSet.of(Scope.READ), null, 100);
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                SseClient stream = stream("", minted.secret(), Map.of());
                assertEquals(200, stream.status());
                open.add(stream);
            }
            SseClient sixth = stream("", minted.secret(), Map.of());
            assertEquals(429, sixth.status());
            assertEquals("too_many_streams", sixth.error().path("errors").get(0).path("code").asText());
            // five streams, one refusal and this listing cost seven requests, however many messages the streams carry
            api.create(event("counted"));
            assertEquals(5, open.size());
            for (SseClient stream : open) {
                stream.next(WAIT);
            }
            assertEquals("93", api.as(minted.secret()).get("/events?page%5Bsize%5D=1").header("X-RateLimit-Remaining"));

            open.remove(0).close();
            int status = io.eventstore.support.Await.until(Duration.ofSeconds(5), () -> {
                try (SseClient again = stream("", minted.secret(), Map.of())) {
                    return again.status();
                }
            }, answered -> answered == 200);
            assertEquals(200, status, "a closed stream frees its place");
        } finally {
            for (SseClient stream : open) {
                stream.close();
            }
        }
    }

    @Test
    void aRevokedTokensStreamEnds() throws Exception {
        ApiTokens.Minted minted = tokens.mint(org, "revoked", EnumSet.of(Scope.READ), null, null);
        try (SseClient stream = stream("", minted.secret(), Map.of())) {
            assertTrue(tokens.revoke(org, minted.token().id()));
            SseClient.Message end = stream.next(Duration.ofSeconds(10)); // within the token cache's time (0 s here)
            assertEquals("end", end.event());
            JsonNode error = end.document().path("errors").get(0);
            assertEquals("token_revoked", error.path("code").asText());
            assertTrue(error.path("meta").path("resumeAfter").isMissingNode(), "resuming with this token cannot work");
            stream.assertClosedWithin(Duration.ofSeconds(5));
        }
    }

    @Test
    void anExpiringTokensStreamEndsWhenItExpires() throws Exception {
        ApiTokens.Minted minted = tokens.mint(org, "expiring", EnumSet.of(Scope.READ), Instant.now().plusSeconds(2), null);
        try (SseClient stream = stream("", minted.secret(), Map.of())) {
            assertEquals(200, stream.status());
            SseClient.Message end = stream.next(Duration.ofSeconds(10));
            assertEquals("token_expired", end.document().path("errors").get(0).path("code").asText());
            stream.assertClosedWithin(Duration.ofSeconds(5));
        }
    }
}
