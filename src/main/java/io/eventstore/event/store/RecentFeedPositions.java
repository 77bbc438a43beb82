package io.eventstore.event.store;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each org's feed position as a listing reports it ({@code meta.feedPosition}): read from
 * {@code event_feed} at most once per {@link #MAX_AGE} and raised at once when this instance's
 * sequencer has committed new positions, so that a page is one statement instead of two.
 * <p>
 * An older position is as true for a listing as the newest one: every change up to it committed
 * before the page was read, so a client that streams after it misses nothing. It may receive again
 * what another instance positioned within the last {@link #MAX_AGE}, which the stream allows (a
 * change made while a listing is read may reach a client twice anyway; applying it twice changes
 * nothing).
 */
@Singleton
public class RecentFeedPositions {

    static final Duration MAX_AGE = Duration.ofMillis(200);
    private static final long MAX_AGE_NANOS = MAX_AGE.toNanos();

    /** A position and when it was read from the database ({@link System#nanoTime()}). */
    private record Known(long position, long readAt) {
    }

    private final ChangeStore changes;
    private final ConcurrentHashMap<Long, Known> known = new ConcurrentHashMap<>();

    public RecentFeedPositions(ChangeStore changes) {
        this.changes = changes;
    }

    /** The org's position, read at most {@link #MAX_AGE} ago (on the caller's connection when it reads). */
    public long of(long orgId) {
        long now = System.nanoTime();
        Known cached = known.get(orgId);
        if (cached != null && now - cached.readAt() < MAX_AGE_NANOS) {
            return cached.position();
        }
        Known read = new Known(changes.state(orgId).lastPosition(), now);
        return known.merge(orgId, read, (old, fresh) -> new Known(Math.max(old.position(), fresh.position()), fresh.readAt()))
                .position();
    }

    /**
     * This instance's sequencer committed positions up to {@code lastPosition} in the org's feed. The
     * time of the last read stays: another instance's positions are still read once per {@link #MAX_AGE}.
     */
    public void reached(long orgId, long lastPosition) {
        known.computeIfPresent(orgId, (id, old) -> lastPosition > old.position() ? new Known(lastPosition, old.readAt()) : old);
    }
}
