package io.eventstore.feed;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Await;
import io.eventstore.support.Reply;
import io.eventstore.support.SseClient;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hard rule of the feed: a reader that follows positions sees every change exactly once, even
 * when transactions commit out of the order in which they began or wrote their changes.
 */
class ChangeFeedOrderTest extends ApiTestBase {

    @jakarta.inject.Inject
    StreamHub hub;

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Store store;

    @Test
    void aBatchThatCommitsAfterLaterPostsIsStillReadWhole() throws Exception {
        String locked = api.create(event("locked"));
        Await.until(WAIT, () -> store.text("SELECT COUNT(*) FROM event_change WHERE org_id = ? AND feed_position = 0", org),
                unsequenced -> unsequenced.equals("0"));
        String start = api.get("/events?page%5Bsize%5D=1").json().path("meta").path("feedPosition").asText();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection holder = store.connection();
             SseClient reader = SseClient.open(server.getURI(), "/events/stream?after=" + start, token)) {
            // the locked event's row, held by a transaction of the test: the batch's update waits for it
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM event WHERE org_id = ? AND id = ? FOR UPDATE")) {
                lock.setLong(1, org);
                lock.setLong(2, Long.parseLong(locked));
                lock.executeQuery().close();
            }
            AtomicBatch batch = new AtomicBatch();
            for (int i = 0; i < 300; i++) {
                batch.add(event("batched-" + i));
            }
            batch.update(changes(locked).attribute("name", "locked-changed"));
            Future<Reply> long_ = pool.submit(() -> batch.send(api));
            // the batch has written its 300 events and their changes, uncommitted, and waits for the lock
            Await.until(WAIT, () -> waitingForALock(), waiting -> waiting);

            List<String> singles = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                singles.add(api.create(event("single-" + i)));
            }
            // the five short transactions began after the batch and committed before it: they are read first
            List<SseClient.Message> first = reader.next(5, WAIT);
            assertEquals(singles, first.stream().map(SseClient.Message::eventId).toList());

            holder.commit(); // the batch goes on and commits
            long_.get().assertStatus(200);
            List<SseClient.Message> rest = reader.next(301, WAIT);
            Set<String> created = new HashSet<>();
            for (SseClient.Message message : rest.subList(0, 300)) {
                assertEquals("created", message.event());
                created.add(message.eventId());
            }
            assertEquals(300, created.size());
            assertEquals("updated", rest.get(300).event());
            assertEquals(locked, rest.get(300).eventId());

            List<Long> positions = new ArrayList<>();
            first.forEach(m -> positions.add(Long.parseLong(m.id())));
            rest.forEach(m -> positions.add(Long.parseLong(m.id())));
            for (int i = 1; i < positions.size(); i++) {
                assertEquals(positions.get(i - 1) + 1, positions.get(i), "positions follow each other without a gap");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The positions after {@code start} up to the last one received that were not received (at most 20 named). */
    private static String holes(long start, List<SseClient.Message> received) {
        Set<Long> got = new HashSet<>();
        received.forEach(m -> got.add(Long.parseLong(m.id())));
        long last = got.stream().mapToLong(Long::longValue).max().orElse(start);
        List<Long> missing = new ArrayList<>();
        for (long position = start + 1; position <= last; position++) {
            if (!got.contains(position)) {
                missing.add(position);
            }
        }
        return missing.size() + " " + missing.subList(0, Math.min(20, missing.size()));
    }

    private boolean waitingForALock() throws Exception {
        try (Connection connection = store.connection();
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    @Test
    void longAndShortTransactionsFromSeveralThreadsAreEachReadOnce() throws Exception {
        String start = api.get("/events?page%5Bsize%5D=1").json().path("meta").path("feedPosition").asText();
        Map<String, Integer> expected = new ConcurrentHashMap<>(); // event id -> changes it had
        ExecutorService writers = Executors.newFixedThreadPool(6);
        try (SseClient reader = SseClient.open(server.getURI(), "/events/stream?after=" + start, token)) {
            List<Future<?>> work = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                int t = thread;
                work.add(writers.submit(() -> {
                    for (int round = 0; round < 4; round++) {
                        AtomicBatch batch = new AtomicBatch();
                        for (int i = 0; i < 250; i++) {
                            batch.add(event("long-" + t + "-" + round + "-" + i));
                        }
                        Reply reply = batch.send(api).assertStatus(200);
                        reply.json().path("atomic:results").forEach(r -> expected.put(r.path("data").path("id").asText(), 1));
                    }
                    return null;
                }));
            }
            for (int thread = 0; thread < 4; thread++) {
                int t = thread;
                work.add(writers.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        String id = api.create(event("short-" + t + "-" + i));
                        int changesOfIt = 1;
                        if (i % 3 == 0) {
                            api.patch("/events/" + id, changes(id).attribute("name", "short-changed").json()).assertStatus(200);
                            changesOfIt++;
                        }
                        if (i % 5 == 0) {
                            api.delete("/events/" + id).assertStatus(204);
                            changesOfIt++;
                        }
                        expected.put(id, changesOfIt);
                    }
                    return null;
                }));
            }
            for (Future<?> one : work) {
                one.get();
            }
            int total = expected.values().stream().mapToInt(Integer::intValue).sum();
            Map<String, List<String>> seen = new HashMap<>();
            long previous = Long.parseLong(start);
            List<SseClient.Message> received = new ArrayList<>();
            try {
                for (int i = 0; i < total; i++) {
                    received.add(reader.next(WAIT));
                }
            } catch (AssertionError e) {
                // what the feed holds, for whoever reads the failure
                throw new AssertionError(e.getMessage() + ": " + received.size() + " of " + total + " changes received"
                        + " (positions missing before the last received: " + holes(Long.parseLong(start), received) + "); in the feed: "
                        + store.text("SELECT CONCAT(COUNT(*), ' changes, ', SUM(feed_position = 0), ' unpositioned, last position ',"
                        + " MAX(feed_position)) FROM event_change WHERE org_id = ?", org)
                        + "; event_feed: " + store.text("SELECT CONCAT(last_position, '/', swept_through) FROM event_feed WHERE org_id = ?", org)
                        + "; stream closed: " + reader.isClosed() + "; hub: " + hub.open() + " open, " + hub.queuedBytes()
                        + " bytes queued; its thread: " + Thread.getAllStackTraces().entrySet().stream()
                        .filter(t -> t.getKey().getName().equals("feed-streams"))
                        .map(t -> t.getKey().getState() + " " + java.util.Arrays.toString(t.getValue())).toList(), e);
            }
            for (SseClient.Message message : received) {
                long position = Long.parseLong(message.id());
                assertEquals(previous + 1, position, "every position once, in order");
                previous = position;
                seen.computeIfAbsent(message.eventId(), id -> new ArrayList<>()).add(message.event());
            }
            assertEquals(expected.keySet(), seen.keySet());
            for (Map.Entry<String, List<String>> one : seen.entrySet()) {
                List<String> kinds = one.getValue();
                assertEquals(expected.get(one.getKey()), kinds.size(), one.getKey() + ": " + kinds);
                assertEquals("created", kinds.get(0), "an event's changes in the order they were made");
                if (kinds.size() > 1 && kinds.contains("deleted")) {
                    assertEquals("deleted", kinds.get(kinds.size() - 1));
                }
            }
            String marker = api.create(event("marker"));
            assertEquals(marker, reader.next(WAIT).eventId(), "nothing more than the changes made");
        } finally {
            writers.shutdownNow();
        }
    }
}
