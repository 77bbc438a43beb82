package io.eventstore.analytics;

import io.eventstore.auth.Caller;
import io.eventstore.error.ApiException;
import io.eventstore.event.Event;
import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.EventQuery;
import io.eventstore.event.query.PageRequest;
import io.eventstore.event.store.EventStore;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code GET /exports/events}: every event of a listing, walked in keyset chunks, each chunk one
 * statement on a connection taken for it alone (an export that the client reads slowly holds no
 * connection and no transaction while it waits). A token runs at most {@code per-token} exports at
 * once, the instance at most {@code max-concurrent}; beyond that an export is refused with 429.
 */
@Singleton
public class Exports {

    private final EventStore store;
    private final int perToken;
    private final int maxConcurrent;
    private final int chunkSize;
    private final Map<Long, Integer> running = new ConcurrentHashMap<>(); // per token, changed atomically (merge, compute)
    private final AtomicInteger runningHere = new AtomicInteger();
    private final LongAdder chunksRead = new LongAdder();

    public Exports(EventStore store,
                   @Value("${event-store.exports.per-token:2}") int perToken,
                   @Value("${event-store.exports.max-concurrent:16}") int maxConcurrent,
                   @Value("${event-store.exports.chunk-size:1000}") int chunkSize) {
        this.store = store;
        this.perToken = perToken;
        this.maxConcurrent = maxConcurrent;
        this.chunkSize = chunkSize;
    }

    /** One running export: holds its place among the token's until closed (once; closing again does nothing). */
    public final class Permit implements AutoCloseable {
        private final long tokenId;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Permit(long tokenId) {
            this.tokenId = tokenId;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(tokenId);
                runningHere.decrementAndGet();
            }
        }
    }

    /** The rows of one chunk statement. */
    public int chunkSize() {
        return chunkSize;
    }

    /** A place for a new export of this caller, or a 429 when its token (or this instance) runs as many as it may. */
    public Permit open(Caller caller, EventQuery query) {
        Cursor after = query.page().after();
        if (after != null && after.orgId() != caller.org()) {
            throw ApiException.atParameter("page[after]", "invalid_cursor",
                    "This cursor was not issued by this service; use a cursor of an export of this org.");
        }
        if (running.merge(caller.tokenId(), 1, Integer::sum) > perToken) {
            release(caller.tokenId());
            throw busy("This token runs " + perToken + " exports already; wait for one to finish.");
        }
        if (runningHere.incrementAndGet() > maxConcurrent) {
            runningHere.decrementAndGet();
            release(caller.tokenId());
            throw busy("This instance runs as many exports as it may (" + maxConcurrent + "); try again shortly.");
        }
        return new Permit(caller.tokenId());
    }

    private void release(long tokenId) {
        running.computeIfPresent(tokenId, (token, count) -> count <= 1 ? null : count - 1);
    }

    /** How many chunk statements exports ran on this instance since it started (a counter). */
    public long chunksRead() {
        return chunksRead.sum();
    }

    /** How many exports run on this instance (a gauge). */
    public int running() {
        return runningHere.get();
    }

    private static ApiException busy(String detail) {
        return ApiException.of(429, "too_many_exports", "Too many exports", detail).withHeader("Retry-After", "5");
    }

    /** How many events an export of this query writes (for a progress bar: one count over the same index range). */
    @Connectable
    public long count(Caller caller, EventQuery query) {
        return store.countUpTo(caller.org(), query.filters(), Long.MAX_VALUE);
    }

    /** The chunk after {@code after} (null: the first), in the query's order. */
    @Connectable
    public List<Event> chunk(Caller caller, EventQuery query, Cursor after) {
        chunksRead.increment();
        PageRequest page = new PageRequest(chunkSize, after, null, false);
        return store.chunk(caller.org(), new EventQuery(query.filters(), query.sort(), page), chunkSize);
    }
}
