package io.eventstore.feed;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Await;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listing's {@code meta.feedPosition} (event/store/RecentFeedPositions): read from the database at
 * most every 200 ms, raised at once by this instance's sequencer, never ahead of what is committed and
 * never going back.
 */
class ListingFeedPositionTest extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Store store;

    @Test
    void aListingReachesWhatThisInstanceSequencedAndNeverGoesBeyondIt() throws Exception {
        long first = listedPosition(); // reads the org's position and keeps it
        api.create(event("one"));
        api.create(event("two"));
        long stored = Long.parseLong(Await.until(WAIT, this::storedPosition, position -> Long.parseLong(position) >= first + 2));
        long listed = Await.until(WAIT, () -> {
            long now = listedPosition();
            assertTrue(now <= stored, "listed " + now + ", committed " + stored); // never ahead of the committed feed
            return now;
        }, now -> now == stored);
        assertEquals(stored, listed);
        assertEquals(stored, listedPosition(), "and it does not go back");
    }

    @Test
    void whatAnotherInstancePositionedIsListedWithinAMoment() throws Exception {
        api.create(event("before"));
        long before = Await.until(WAIT, this::listedPosition, position -> position > 0);
        long theirs = before + 5;
        try (Connection other = store.connection(); // another instance's sequencer, committing positions
             PreparedStatement advance = other.prepareStatement("UPDATE event_feed SET last_position = ? WHERE org_id = ?")) {
            advance.setLong(1, theirs);
            advance.setLong(2, org);
            assertEquals(1, advance.executeUpdate());
        }
        long seen = before;
        while (seen < theirs) { // every listing meanwhile says the old position or the new one, nothing else
            long listed = listedPosition();
            assertTrue(listed == seen || listed == theirs, "listed " + listed + " after " + seen);
            seen = listed;
        }
        assertEquals(theirs, listedPosition());
    }

    private long listedPosition() {
        return Long.parseLong(api.get("/events?page%5Bsize%5D=1").assertStatus(200).json().path("meta").path("feedPosition").asText());
    }

    private String storedPosition() {
        return store.text("SELECT last_position FROM event_feed WHERE org_id = ?", org);
    }
}
