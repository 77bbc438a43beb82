package io.eventstore.feed;

import io.eventstore.auth.Caller;
import io.eventstore.event.Change;
import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.query.Filter;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open stream: the org's changes that match its filters, after its position, as a Reactive
 * Streams publisher ({@link #messages()}) that Micronaut writes to the socket as fast as the client reads. The
 * {@link StreamHub} offers it changes on its thread; what the client has not taken yet waits in a
 * queue of at most {@code budget} bytes (estimated), and the hub offers no more while it is full:
 * a slow client is served at its own pace from the database, a stalled one is ended.
 */
public final class ChangeStream {

    /** Ended by the hub on a client that stopped reading: no stack trace, it is not a fault of ours. */
    static final class Stalled extends RuntimeException {
        Stalled() {
            super("the client stopped reading its event stream", null, false, false);
        }
    }

    private final Caller caller;
    private final List<Filter> filters;
    private final long budget;
    private final Runnable onClose;
    private final Queue<StreamMessage> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Subscriber<? super StreamMessage> subscriber;
    private volatile boolean ended;
    private volatile long lastProgressNanos;
    private volatile long emittedThrough;
    // the hub's alone (its thread): how far this stream has read the feed, and when it last sent anything
    private long cursor;
    private long lastOfferNanos;

    ChangeStream(Caller caller, List<Filter> filters, long position, long budget, long now, Runnable onClose) {
        this.caller = caller;
        this.filters = List.copyOf(filters);
        this.cursor = position;
        this.emittedThrough = position;
        this.budget = budget;
        this.onClose = onClose;
        this.lastProgressNanos = now;
        this.lastOfferNanos = now;
    }

    public Caller caller() {
        return caller;
    }

    /** How far this stream has read the feed. */
    long cursor() {
        return cursor;
    }

    boolean matches(Event event) {
        for (Filter filter : filters) {
            if (!filter.matches(event)) {
                return false;
            }
        }
        return true;
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    boolean hasRoom() {
        return !ended && queuedBytes.get() < budget;
    }

    /**
     * Takes the next change of the feed: queued when it matches, skipped otherwise. Only called
     * with room ({@link #hasRoom()}), in position order and without a gap: the change directly after
     * the cursor ({@link ChunkReaders} sees to it).
     */
    void take(Change change, long now) {
        cursor = change.position();
        if (matches(change.event())) {
            queuedBytes.addAndGet(size(change));
            enqueue(new StreamMessage.Changed(change), now);
            lastOfferNanos = now;
            drain();
        }
    }

    /** Skips to {@code position}: nothing before it concerns this stream. */
    void skipTo(long position) {
        cursor = Math.max(cursor, position);
    }

    boolean idleSince(long since) {
        return lastOfferNanos - since <= 0;
    }

    void heartbeat(long now) {
        if (queue.isEmpty() && !ended) {
            enqueue(new StreamMessage.Heartbeat(cursor), now);
            lastOfferNanos = now;
            drain();
        }
    }

    /** Queues a message; the wait of the oldest one counts from when the queue stopped being empty. */
    private void enqueue(StreamMessage message, long now) {
        if (queue.isEmpty()) {
            lastProgressNanos = now;
        }
        queue.add(message);
    }

    /** Whether the client has taken nothing since {@code since} although something waits for it. */
    boolean stalledSince(long since) {
        return !queue.isEmpty() && lastProgressNanos - since <= 0;
    }

    /** Ends the stream: what is queued is dropped, the reason goes out as soon as the client reads. */
    void end(String code, String title, String detail, boolean resumable) {
        end(null, code, title, detail, resumable);
    }

    /** Ends the stream on a fault of ours, named by the opaque id that the log has too. */
    void fail(String faultId) {
        end(faultId, "internal_error", "Internal error",
                "The stream failed on our side; resume with Last-Event-ID, or quote the error id.", true);
    }

    private void end(String id, String code, String title, String detail, boolean resumable) {
        if (ended) {
            return;
        }
        ended = true;
        queue.clear();
        queuedBytes.set(0);
        enqueue(new StreamMessage.End(id, code, title, detail, resumable ? emittedThrough : -1), System.nanoTime());
        drain();
    }

    boolean ended() {
        return ended;
    }

    /** Closes a stream whose client does not even take the reason it ends (the connection is closed). */
    void cut() {
        Subscriber<? super StreamMessage> s = subscriber;
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            if (s != null) {
                s.onError(new Stalled());
            }
            onClose.run();
        }
    }

    boolean closed() {
        return closed.get();
    }

    /**
     * The messages, for one subscriber. (Not the stream itself: Micronaut's interceptors would take a
     * use case that answers a publisher for a reactive one.)
     */
    public Publisher<StreamMessage> messages() {
        return this::subscribe;
    }

    private void subscribe(Subscriber<? super StreamMessage> s) {
        if (subscriber != null) {
            s.onSubscribe(new Subscription() {
                public void request(long n) {
                }

                public void cancel() {
                }
            });
            s.onError(new IllegalStateException("a stream has one subscriber"));
            return;
        }
        subscriber = s;
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    return;
                }
                demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
                drain();
            }

            @Override
            public void cancel() {
                if (closed.compareAndSet(false, true)) {
                    queue.clear();
                    queuedBytes.set(0);
                    onClose.run();
                }
            }
        });
        drain();
    }

    /** Hands queued messages to the subscriber as far as it asked for them; one thread at a time. */
    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            Subscriber<? super StreamMessage> s = subscriber;
            while (s != null && !closed.get() && demand.get() > 0) {
                StreamMessage message = queue.poll();
                if (message == null) {
                    break;
                }
                demand.decrementAndGet();
                lastProgressNanos = System.nanoTime();
                if (message instanceof StreamMessage.Changed changed) {
                    queuedBytes.addAndGet(-size(changed.change()));
                    emittedThrough = changed.change().position();
                }
                s.onNext(message);
                if (message instanceof StreamMessage.End && closed.compareAndSet(false, true)) {
                    s.onComplete();
                    onClose.run();
                }
            }
        } while (wip.decrementAndGet() != 0);
    }

    /** About what a change takes in memory and on the wire: the document around the event and its texts. */
    static long size(Change change) {
        Event event = change.event();
        long size = 600;
        String payload = event.payload();
        if (payload != null) {
            size += payload.length();
        }
        Object body = event.get(EventField.BODY);
        if (body instanceof String text) {
            size += text.length();
        }
        return size;
    }
}
