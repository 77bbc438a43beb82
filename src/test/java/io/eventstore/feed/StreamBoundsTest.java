package io.eventstore.feed;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Await;
import io.eventstore.support.SseClient;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a stream may cost: a stalled client's memory, retention's 410, and the streams of a stopping service. */
class StreamBoundsTest extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** buffer-bytes in the tests' settings */
    private static final long BUDGET = 262_144;

    @Inject
    StreamHub hub;

    @Inject
    FeedRetention retention;

    @Inject
    Store store;

    @Test
    void aStalledClientHoldsABoundedBufferIsEndedAndResumesWithoutAGap() throws Exception {
        String prospect = uniqueId("p");
        String filter = "/events/stream?filter%5Bprospect%5D%5Bid%5D=" + prospect;
        CountDownLatch resume = new CountDownLatch(1);
        String payload = "{\"text\":\"" + "x".repeat(30_000) + "\"}";
        List<String> ids = new ArrayList<>();
        long mostQueued = 0;
        // where to resume should the stalled client get no change at all: the org's position once
        // every earlier change is positioned (not 0: another test of the class may sweep the feed)
        Await.until(WAIT, () -> store.text("SELECT COUNT(*) FROM event_change WHERE org_id = ? AND feed_position = 0", org),
                unsequenced -> unsequenced.equals("0"));
        String start = api.get("/events?page%5Bsize%5D=1").json().path("meta").path("feedPosition").asText();
        try (SseClient stalled = SseClient.openStalled(server.getURI(), filter, token, resume)) {
            assertEquals(200, stalled.status());
            for (int batch = 0; batch < 8; batch++) { // 8 x 25 events of 30 KB: 6 MB, far more than the socket takes
                AtomicBatch events = new AtomicBatch();
                for (int i = 0; i < 25; i++) {
                    events.add(event("big").prospect(prospect).payload(payload));
                }
                events.send(api).assertStatus(200).json().path("atomic:results")
                        .forEach(result -> ids.add(result.path("data").path("id").asText()));
                mostQueued = Math.max(mostQueued, hub.queuedBytes());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline && hub.open() > 0) {
                mostQueued = Math.max(mostQueued, hub.queuedBytes());
                Thread.onSpinWait();
            }
            // one message may pass the budget: it is checked before a change is queued
            assertTrue(mostQueued <= BUDGET + 31_000, "queued at most the budget, was " + mostQueued);
            // stall-timeout 3 s, end-grace 1 s in the tests: the server ends the stream, then cuts it
            Await.until(WAIT, () -> hub.open(), open -> open == 0);

            resume.countDown(); // the client reads again: what reached its socket, then the end
            List<SseClient.Message> received = stalled.rest(WAIT);
            List<String> got = new ArrayList<>();
            String lastId = null;
            for (SseClient.Message message : received) {
                if ("created".equals(message.event())) {
                    got.add(message.eventId());
                    lastId = message.id();
                }
            }
            assertTrue(got.size() < ids.size(), "the stalled client got only part: " + got.size());
            assertEquals(ids.subList(0, got.size()), got);

            try (SseClient again = SseClient.open(server.getURI(), filter, token,
                    Map.of("Last-Event-ID", lastId == null ? start : lastId))) {
                List<String> rest = again.next(ids.size() - got.size(), WAIT).stream().map(SseClient.Message::eventId).toList();
                assertEquals(ids.subList(got.size(), ids.size()), rest, "resumed where it was cut, no gap, no repeat");
            }
        }
    }

    @Test
    void aPositionRetentionHasDeletedIsGone() throws Exception {
        // the positions of the two changes, as a stream tells them (the org holds other tests' changes)
        String old;
        String through;
        try (SseClient live = SseClient.open(server.getURI(), "/events/stream", token)) {
            api.create(event("old"));
            String newest = api.create(event("also-old"));
            List<SseClient.Message> two = live.next(2, WAIT);
            assertEquals(newest, two.get(1).eventId());
            old = two.get(0).id();
            through = two.get(1).id();
        }

        clock.advance(Duration.ofDays(8));
        // every change of the test database is older than the 7 days of retention now
        assertTrue(retention.sweep() >= 2);
        SseClient expired = SseClient.open(server.getURI(), "/events/stream?after=" + old, token);
        assertEquals(410, expired.status());
        assertEquals("position_expired", expired.error().path("errors").get(0).path("code").asText());
        assertEquals("after", expired.error().path("errors").get(0).path("source").path("parameter").asText());
        SseClient header = SseClient.open(server.getURI(), "/events/stream", token, Map.of("Last-Event-ID", old));
        assertEquals(410, header.status());
        assertEquals("Last-Event-ID", header.error().path("errors").get(0).path("source").path("header").asText());

        // the newest position is still a place to resume from, and the stream goes on from it
        try (SseClient fresh = SseClient.open(server.getURI(), "/events/stream?after=" + through, token)) {
            assertEquals(200, fresh.status());
            String next = api.create(event("new"));
            assertEquals(next, fresh.next(WAIT).eventId());
        }
    }

    @Test
    void streamsEndWithAReasonWhenTheServiceStops() throws Exception {
        // no heartbeat for an hour on the second instance: the head and a first comment come at once anyway
        try (var other = io.eventstore.support.OwnService.start(server.getApplicationContext().getEnvironment(),
                Map.of("event-store.stream.heartbeat", "1h"));
             SseClient stream = SseClient.open(other.getURI(), "/events/stream", token)) {
            assertEquals(200, stream.status());
            assertEquals("heartbeat", stream.nextAny(WAIT).comment(), "the stream shows itself open before any change");
            String id = api.create(event("before-stop"));
            assertEquals(id, stream.next(WAIT).eventId(), "a change made through one instance reaches a stream of another");
            other.stop();
            SseClient.Message end = stream.next(WAIT);
            assertEquals("end", end.event());
            assertEquals("service_stopping", end.document().path("errors").get(0).path("code").asText());
            assertEquals(end.document().path("errors").get(0).path("meta").path("resumeAfter").asText(),
                    stream.lastChangeId(), "resume after the last change it sent");
            stream.assertClosedWithin(WAIT);
        }
    }
}
