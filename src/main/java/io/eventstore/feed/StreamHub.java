package io.eventstore.feed;

import io.eventstore.auth.ApiTokens;
import io.eventstore.auth.Caller;
import io.eventstore.error.ApiException;
import io.eventstore.event.Change;
import io.eventstore.event.query.Filter;
import io.eventstore.event.store.ChangeStore;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open streams of this instance, fed from the database by one thread: each round reads, per org
 * with streams, the feed's newest position (one statement for all of them) and then the changes
 * after the slowest stream's position that has room, once for all the org's streams. A round runs
 * when this instance's sequencer positioned changes, and every {@code poll-interval} otherwise
 * (changes made through other instances). A stream holds no database connection: only the rounds
 * borrow one, for a few statements.
 *
 * <p>The same thread sends heartbeats, ends the streams of revoked or expired tokens and those
 * whose clients stopped reading, and ends them all when the service stops.
 */
@Singleton
public class StreamHub implements Sequencer.Listener, GracefulShutdownCapable, ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    /** The header a reconnecting client resumes with (an EventSource sends it by itself). */
    public static final String LAST_EVENT_ID = "Last-Event-ID";

    private final ChangeStore changes;
    private final ApiTokens tokens;
    private final Sequencer sequencer;
    private final Clock clock;
    private final StreamSettings settings;
    private final Set<ChangeStream> streams = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Long, AtomicInteger> perToken = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private boolean signalled;
    private volatile Thread thread;
    private long lastAuthCheck = System.nanoTime();

    public StreamHub(ChangeStore changes, ApiTokens tokens, Sequencer sequencer, Clock clock, StreamSettings settings) {
        this.changes = changes;
        this.tokens = tokens;
        this.sequencer = sequencer;
        this.clock = clock;
        this.settings = settings;
        sequencer.listen(this);
    }

    /** The sequencer and the hub run where the service serves HTTP, not in the admin command. */
    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        sequencer.start();
        start();
    }

    synchronized void start() {
        if (thread == null) {
            Thread started = new Thread(this::run, "feed-streams");
            started.setDaemon(true);
            thread = started;
            started.start();
        }
    }

    /**
     * Opens a stream of the caller's org after {@code after} (null: from now). Refused with 429 when
     * the token has its limit of streams open here, 410 when retention has already deleted changes
     * after that position, 400 for a position the feed never reached.
     */
    @Connectable
    public ChangeStream open(Caller caller, List<Filter> filters, Long after, String positionSource) {
        AtomicInteger open = perToken.computeIfAbsent(caller.tokenId(), id -> new AtomicInteger());
        if (open.incrementAndGet() > settings.perTokenLimit()) {
            release(caller.tokenId());
            throw ApiException.of(429, "too_many_streams", "Too many streams", "This token already has "
                    + settings.perTokenLimit() + " streams open on this instance; close one, or use another token.")
                    .withHeader("Retry-After", "5");
        }
        try {
            ChangeStore.FeedState feed = changes.state(caller.org());
            long position = after == null ? feed.lastPosition() : after;
            if (after != null && after < feed.sweptThrough()) {
                throw gone(positionSource);
            }
            if (after != null && after > feed.lastPosition()) {
                throw invalidPosition(positionSource);
            }
            ChangeStream stream = new ChangeStream(caller, filters, position, settings.bufferBytes(), System.nanoTime(),
                    () -> closed(caller.tokenId()));
            // a first comment at once: the answer's head goes out with it (Micronaut writes the head with
            // the first message), so a client or proxy sees the stream open without waiting for a change
            stream.heartbeat(System.nanoTime());
            streams.add(stream);
            wake();
            return stream;
        } catch (RuntimeException refused) {
            release(caller.tokenId());
            throw refused;
        }
    }

    private static ApiException gone(String source) {
        String detail = "The change feed no longer holds the changes after this position (they are kept for a"
                + " limited time); read the events again from the listing, then stream from the position its meta gives.";
        return source.equals(LAST_EVENT_ID)
                ? ApiException.atHeader(410, "position_expired", "Position expired", detail, source)
                : ApiException.atParameter(410, "position_expired", "Position expired", detail, source);
    }

    private static ApiException invalidPosition(String source) {
        String detail = "This is not a position of this org's change feed; use the id of a message of the stream"
                + " or meta.feedPosition of a listing.";
        return source.equals(LAST_EVENT_ID)
                ? ApiException.atHeader(400, "invalid_position", "Invalid position", detail, source)
                : ApiException.atParameter(source, "invalid_position", detail);
    }

    private void closed(long tokenId) {
        release(tokenId);
        wake();
    }

    private void release(long tokenId) {
        perToken.computeIfPresent(tokenId, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** What the open streams hold for their clients, in estimated bytes (bounded by buffer-bytes each). */
    public long queuedBytes() {
        return streams.stream().mapToLong(ChangeStream::queuedBytes).sum();
    }

    /** How many streams are open on this instance. */
    public int open() {
        return (int) streams.stream().filter(stream -> !stream.closed()).count();
    }

    @Override
    public void positioned(long orgId, long lastPosition) {
        wake();
    }

    private void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    private void run() {
        long failures = 0;
        while (thread == Thread.currentThread()) {
            try {
                synchronized (signal) {
                    if (!signalled) {
                        signal.wait(settings.pollInterval().toMillis());
                    }
                    signalled = false;
                }
                round();
                failures = 0;
            } catch (InterruptedException stopped) {
                return;
            } catch (RuntimeException e) {
                if (failures++ % 100 == 0) {
                    LOG.warn("the event streams could not read the change feed: {}", e.toString());
                }
                try {
                    Thread.sleep(Math.min(1000, settings.pollInterval().toMillis() * (1 + failures)));
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    /** One round over the open streams (the hub's thread; tests call it too). */
    @Connectable
    public void round() {
        streams.removeIf(ChangeStream::closed);
        if (streams.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Map<Long, List<ChangeStream>> byOrg = new HashMap<>();
        for (ChangeStream stream : streams) {
            if (!stream.ended()) {
                byOrg.computeIfAbsent(stream.caller().org(), org -> new ArrayList<>()).add(stream);
            }
        }
        checkTokens(byOrg, now);
        Map<Long, ChangeStore.FeedState> feeds = changes.states(byOrg.keySet());
        for (Map.Entry<Long, List<ChangeStream>> org : byOrg.entrySet()) {
            ChangeStore.FeedState feed = feeds.getOrDefault(org.getKey(), ChangeStore.FeedState.EMPTY);
            deliver(org.getKey(), feed, org.getValue(), now);
        }
        for (ChangeStream stream : streams) {
            if (stream.ended()) {
                if (stream.stalledSince(now - settings.endGrace().toNanos())) {
                    stream.cut();
                }
            } else if (stream.stalledSince(now - settings.stallTimeout().toNanos())) {
                stream.end("stream_stalled", "Stream stalled", "The client read nothing for "
                        + settings.stallTimeout().toSeconds() + " s while changes waited; resume with Last-Event-ID.", true);
            } else if (stream.idleSince(now - settings.heartbeat().toNanos())) {
                stream.heartbeat(now);
            }
        }
    }

    /**
     * Reads the org's changes after the slowest position among its streams with room, in bounded
     * chunks, and hands each to every stream that has not read it yet ({@link ChunkReaders}).
     */
    private void deliver(long org, ChangeStore.FeedState feed, List<ChangeStream> streams, long now) {
        long last = feed.lastPosition();
        for (int chunk = 0; chunk < settings.chunksPerRound(); chunk++) {
            ChunkReaders readers = new ChunkReaders(streams, last);
            if (!readers.wanted()) {
                return;
            }
            long from = readers.from();
            List<Change> read = changes.after(org, from, settings.chunkSize());
            if (read.isEmpty()) {
                if (feed.sweptThrough() >= last) {
                    // retention swept everything up to the newest position: those streams have read all there is
                    for (ChangeStream stream : streams) {
                        if (stream.cursor() >= from) {
                            stream.skipTo(last);
                        }
                    }
                } else {
                    // The feed holds changes up to last and retention deleted none after from, yet the read
                    // found none: a read that saw less than the feed's state. Skipping would lose those
                    // changes for good; the next round reads them again.
                    LOG.warn("the feed of org {} read nothing after position {} although it reaches {}: read again next round",
                            org, from, last);
                }
                return;
            }
            for (Change change : read) {
                readers.offer(change, now);
            }
            if (read.size() < settings.chunkSize()) {
                return;
            }
        }
    }

    /** Ends the streams of expired tokens at once, and of revoked ones within the token cache's time. */
    private void checkTokens(Map<Long, List<ChangeStream>> byOrg, long now) {
        for (List<ChangeStream> org : byOrg.values()) {
            for (ChangeStream stream : org) {
                if (stream.caller().expiresAt() != null && !stream.caller().expiresAt().isAfter(clock.instant())) {
                    stream.end("token_expired", "Token expired", "The token of this stream has expired.", false);
                }
            }
        }
        if (now - lastAuthCheck < settings.authCheck().toNanos()) {
            return;
        }
        lastAuthCheck = now;
        for (Map.Entry<Long, List<ChangeStream>> org : byOrg.entrySet()) {
            Set<Long> ids = new HashSet<>();
            org.getValue().forEach(stream -> ids.add(stream.caller().tokenId()));
            Set<Long> unrevoked = tokens.unrevoked(org.getKey(), ids);
            for (ChangeStream stream : org.getValue()) {
                if (!unrevoked.contains(stream.caller().tokenId())) {
                    stream.end("token_revoked", "Token revoked", "The token of this stream was revoked.", false);
                }
            }
        }
    }

    /** At shutdown every stream ends with a reason, so that its client resumes on another instance. */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        endAll();
        return CompletableFuture.completedFuture(null);
    }

    @PreDestroy
    synchronized void stop() {
        endAll();
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
        }
    }

    private void endAll() {
        for (ChangeStream stream : streams) {
            stream.end("service_stopping", "Service stopping", "This instance is stopping; resume with Last-Event-ID.", true);
        }
    }
}
