package io.eventstore.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.support.ApiTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Event timestamps come from the service's one clock, as token expiry and idempotency keys do. */
class ServiceClockTest extends ApiTestBase {

    @Test
    void createdAtUpdatedAtAndTheDefaultEventAtAreTheServiceClocks() {
        clock.advance(Duration.ofDays(3));
        Instant before = clock.instant();
        String id = api.create(event("mailbox_created"));
        JsonNode created = api.get("/events/" + id).attributes();
        Instant createdAt = Instant.parse(created.path("createdAt").asText());
        assertTrue(!createdAt.isBefore(before.minusMillis(1)) && !createdAt.isAfter(clock.instant()), createdAt + " vs " + before);
        assertEquals(created.path("createdAt"), created.path("eventAt"));

        clock.advance(Duration.ofDays(1));
        JsonNode updated = api.patch("/events/" + id, changes(id).attribute("name", "renamed").json()).assertStatus(200).attributes();
        Instant updatedAt = Instant.parse(updated.path("updatedAt").asText());
        assertTrue(!updatedAt.isBefore(createdAt.plus(Duration.ofDays(1))), updatedAt + " a day after " + createdAt);
        assertEquals(created.path("createdAt"), updated.path("createdAt"));
    }
}
