package io.eventstore.feed;

import io.eventstore.event.Change;
import io.eventstore.event.ChangeKind;
import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.query.Filter;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One stream's queue, without a server: the byte budget, demand, ending and closing. */
class ChangeStreamTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private final AtomicInteger closes = new AtomicInteger();

    /** A subscriber that asks for nothing until told, and keeps what it got. */
    static final class Reader implements Subscriber<StreamMessage> {
        final List<StreamMessage> got = new ArrayList<>();
        Subscription subscription;
        Throwable error;
        boolean completed;

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(StreamMessage message) {
            got.add(message);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    /** A created change at {@code position} of an event of {@code prospect} (null: none). */
    static Change change(long position, String prospect) {
        Object[] values = new Object[EventField.ALL.size()];
        values[EventField.ID.ordinal()] = 1000L + position;
        values[EventField.NAME.ordinal()] = "email_opened";
        values[EventField.EVENT_AT.ordinal()] = AT;
        values[EventField.CREATED_AT.ordinal()] = AT;
        values[EventField.UPDATED_AT.ordinal()] = AT;
        values[EventField.PROSPECT.ordinal()] = prospect;
        return new Change(position, ChangeKind.CREATED, new Event(7, values));
    }

    private ChangeStream stream(List<Filter> filters, long budget) {
        return new ChangeStream(null, filters, 0, budget, System.nanoTime(), closes::incrementAndGet);
    }

    private static Reader subscribe(ChangeStream stream) {
        Reader reader = new Reader();
        stream.messages().subscribe(reader);
        return reader;
    }

    @Test
    void queuesUpToItsBudgetAndMakesRoomAsTheClientReads() {
        long one = ChangeStream.size(change(1, "p"));
        ChangeStream stream = stream(List.of(), 3 * one);
        Reader reader = subscribe(stream);
        long position = 0;
        while (stream.hasRoom()) {
            stream.take(change(++position, "p"), System.nanoTime());
        }
        assertEquals(3, position, "the hub stops offering once the budget is used");
        assertEquals(3 * one, stream.queuedBytes());
        assertTrue(reader.got.isEmpty(), "nothing goes out before the client asks");

        reader.subscription.request(2);
        assertEquals(2, reader.got.size());
        assertEquals(one, stream.queuedBytes());
        assertTrue(stream.hasRoom());
        assertEquals(1, ((StreamMessage.Changed) reader.got.get(0)).change().position());
        assertEquals(2, ((StreamMessage.Changed) reader.got.get(1)).change().position());
    }

    @Test
    void changesThatDoNotMatchMoveTheCursorButAreNotQueued() {
        ChangeStream stream = stream(List.of(new Filter.In(EventField.PROSPECT, List.of("p-1"))), 1 << 20);
        Reader reader = subscribe(stream);
        reader.subscription.request(Long.MAX_VALUE);
        stream.take(change(1, "p-2"), System.nanoTime());
        stream.take(change(2, "p-1"), System.nanoTime());
        stream.take(change(3, null), System.nanoTime());
        assertEquals(3, stream.cursor());
        assertEquals(1, reader.got.size());
        assertEquals(2, ((StreamMessage.Changed) reader.got.get(0)).change().position());
        assertEquals(0, stream.queuedBytes());
    }

    @Test
    void aHeartbeatGoesOutOnlyWhenNothingWaits() {
        ChangeStream stream = stream(List.of(), 1 << 20);
        Reader reader = subscribe(stream);
        stream.take(change(1, "p"), System.nanoTime());
        stream.heartbeat(System.nanoTime());
        reader.subscription.request(10);
        assertEquals(1, reader.got.size(), "a queued change keeps the connection busy enough");
        stream.skipTo(5);
        stream.heartbeat(System.nanoTime());
        assertEquals(new StreamMessage.Heartbeat(5), reader.got.get(1));
    }

    @Test
    void endDropsWhatWaitsAndResumesAfterWhatTheClientGot() {
        ChangeStream stream = stream(List.of(), 1 << 20);
        Reader reader = subscribe(stream);
        reader.subscription.request(1);
        for (long p = 1; p <= 4; p++) {
            stream.take(change(p, "p"), System.nanoTime());
        }
        stream.end("service_stopping", "Stopping", "The service stops.", true);
        assertFalse(stream.hasRoom());
        assertEquals(0, stream.queuedBytes());
        reader.subscription.request(5);
        assertEquals(2, reader.got.size());
        StreamMessage.End end = assertInstanceOf(StreamMessage.End.class, reader.got.get(1));
        assertEquals("service_stopping", end.code());
        assertEquals(1, end.resumeAfter(), "the client got position 1 only");
        assertTrue(reader.completed);
        assertEquals(1, closes.get());
        stream.cut();
        assertEquals(1, closes.get(), "closed once");
    }

    @Test
    void anEndThatCannotBeResumedSaysSo() {
        ChangeStream stream = stream(List.of(), 1 << 20);
        Reader reader = subscribe(stream);
        stream.end("token_revoked", "Revoked", "The token was revoked.", false);
        reader.subscription.request(1);
        assertEquals(-1, ((StreamMessage.End) reader.got.get(0)).resumeAfter());
    }

    @Test
    void aFaultEndsTheStreamWithItsOpaqueId() {
        ChangeStream stream = stream(List.of(), 1 << 20);
        Reader reader = subscribe(stream);
        stream.fail("0b6c3f1e-2f4c-4f55-9f7b-1f1d0c1a2b3c");
        reader.subscription.request(1);
        StreamMessage.End end = (StreamMessage.End) reader.got.get(0);
        assertEquals("0b6c3f1e-2f4c-4f55-9f7b-1f1d0c1a2b3c", end.id());
        assertEquals("internal_error", end.code());
        assertEquals(0, end.resumeAfter());
    }

    @Test
    void aClientThatTakesNothingIsStalledAndCanBeCut() {
        ChangeStream stream = stream(List.of(), 1 << 20);
        Reader reader = subscribe(stream);
        long before = System.nanoTime();
        assertFalse(stream.stalledSince(before), "an empty queue is no stall");
        stream.take(change(1, "p"), before);
        assertTrue(stream.stalledSince(before));
        stream.cut();
        assertTrue(stream.closed());
        assertInstanceOf(ChangeStream.Stalled.class, reader.error);
        assertEquals(1, closes.get());
    }

    @Test
    void aCancelledStreamClosesOnceAndDeliversNothingMore() {
        ChangeStream stream = stream(List.of(), 1 << 20);
        Reader reader = subscribe(stream);
        reader.subscription.cancel();
        reader.subscription.cancel();
        stream.take(change(1, "p"), System.nanoTime());
        reader.subscription.request(1);
        assertTrue(reader.got.isEmpty());
        assertEquals(1, closes.get());
    }

    @Test
    void aSecondSubscriberIsRefused() {
        ChangeStream stream = stream(List.of(), 1 << 20);
        subscribe(stream);
        Reader second = subscribe(stream);
        assertInstanceOf(IllegalStateException.class, second.error);
    }
}
