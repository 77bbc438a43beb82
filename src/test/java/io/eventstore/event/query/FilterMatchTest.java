package io.eventstore.event.query;

import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream's check of a filter against one event, without a server: it must agree with the listing's SQL. */
class FilterMatchTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00.000001Z");

    private static Event event(String name, String prospect, Instant eventAt) {
        Object[] values = new Object[EventField.ALL.size()];
        values[EventField.ID.ordinal()] = 387406101085188098L;
        values[EventField.NAME.ordinal()] = name;
        values[EventField.EVENT_AT.ordinal()] = eventAt;
        values[EventField.CREATED_AT.ordinal()] = AT;
        values[EventField.UPDATED_AT.ordinal()] = AT;
        values[EventField.PROSPECT.ordinal()] = prospect;
        return new Event(7, values);
    }

    @Test
    void aListMatchesAnyOfItsValuesAndNeverAnAbsentRelationship() {
        Filter prospects = new Filter.In(EventField.PROSPECT, List.of("p-1", "p-2"));
        assertTrue(prospects.matches(event("email_opened", "p-2", AT)));
        assertFalse(prospects.matches(event("email_opened", "p-3", AT)));
        assertFalse(prospects.matches(event("email_opened", null, AT)), "no prospect is not any prospect");
        assertFalse(prospects.matches(event("email_opened", "P-1", AT)), "related ids compare exactly, as the binary column does");
    }

    @Test
    void idsCompareAsNumbers() {
        assertTrue(new Filter.In(EventField.ID, List.of(1L, 387406101085188098L)).matches(event("x", null, AT)));
        assertFalse(new Filter.In(EventField.ID, List.of(387406101085188099L)).matches(event("x", null, AT)));
    }

    @Test
    void rangeEndsAreInclusiveOrNotToTheMicrosecond() {
        Instant before = AT.minusNanos(1000);
        Instant after = AT.plusNanos(1000);
        Event event = event("x", null, AT);
        assertTrue(new Filter.Range(EventField.EVENT_AT, AT, true, null, false).matches(event));
        assertFalse(new Filter.Range(EventField.EVENT_AT, AT, false, null, false).matches(event));
        assertTrue(new Filter.Range(EventField.EVENT_AT, before, false, null, false).matches(event));
        assertTrue(new Filter.Range(EventField.EVENT_AT, null, false, AT, true).matches(event));
        assertFalse(new Filter.Range(EventField.EVENT_AT, null, false, AT, false).matches(event));
        assertTrue(new Filter.Range(EventField.EVENT_AT, before, true, after, false).matches(event));
        assertFalse(new Filter.Range(EventField.EVENT_AT, after, true, null, false).matches(event));
        assertFalse(new Filter.Range(EventField.EVENT_AT, null, false, before, true).matches(event));
    }

    @Test
    void fieldsThatTakeNoSuchFilterAreRefused() {
        assertThrows(IllegalStateException.class, () -> new Filter.In(EventField.EVENT_AT, List.of("x")));
        assertThrows(IllegalStateException.class, () -> new Filter.In(EventField.PROSPECT, List.of()));
        assertThrows(IllegalStateException.class, () -> new Filter.Range(EventField.NAME, AT, true, null, false));
    }
}
