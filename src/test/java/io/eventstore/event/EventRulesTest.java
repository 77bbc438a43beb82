package io.eventstore.event;

import io.eventstore.error.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The rules of an event's life, without a database. */
class EventRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.123456789Z");

    private static Event created() {
        return EventRules.create(1, 42, new EventInput().put(EventField.NAME, "email_opened")
                .put(EventField.PAYLOAD, "{\"a\":1,\"b\":[true]}").put(EventField.PROSPECT, "p-1"), NOW);
    }

    @Test
    void theServerSetsIdsAndTimesToTheMicrosecondAndEventAtDefaultsToCreatedAt() {
        Event event = created();
        assertEquals(42, event.id());
        assertEquals(Instant.parse("2026-12-01T10:00:00.123456Z"), event.createdAt());
        assertEquals(event.createdAt(), event.updatedAt());
        assertEquals(event.createdAt(), event.eventAt());
        assertEquals("p-1", event.related(EventField.PROSPECT));
        assertNull(event.get(EventField.BODY));
    }

    @Test
    void aChangeKeepsWhatItDoesNotNameAndMovesUpdatedAtForward() {
        Event stored = created();
        Event changed = EventRules.change(stored, new EventInput().put(EventField.NAME, "renamed").put(EventField.PROSPECT, null)
                .put(EventField.PAYLOAD, "{\"b\":[true],\"a\":1}"), NOW); // the same payload, keys in another order
        assertEquals("renamed", changed.get(EventField.NAME));
        assertNull(changed.related(EventField.PROSPECT));
        assertEquals(stored.payload(), changed.payload());
        assertEquals(stored.createdAt(), changed.createdAt());
        assertEquals(stored.updatedAt().plusNanos(1000), changed.updatedAt(), "forward even within the same microsecond");
    }

    @Test
    void thePayloadAndTheServersTimesNeverChange() {
        Event stored = created();
        ApiException payload = assertThrows(ApiException.class,
                () -> EventRules.change(stored, new EventInput().put(EventField.PAYLOAD, "{\"a\":2}"), NOW));
        assertEquals(403, payload.status());
        assertEquals("/data/attributes/payload", payload.source().pointer());
        ApiException createdAt = assertThrows(ApiException.class,
                () -> EventRules.change(stored, new EventInput().put(EventField.CREATED_AT, NOW.plusSeconds(1)), NOW));
        assertEquals("immutable_createdAt", createdAt.code());
        // the stored value, sent back unchanged, is no change
        EventRules.change(stored, new EventInput().put(EventField.CREATED_AT, stored.createdAt()), NOW);
    }
}
