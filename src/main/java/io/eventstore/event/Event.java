package io.eventstore.event;

import java.time.Instant;
import java.util.Arrays;

/**
 * One stored event: its org and a value per {@link EventField}, in the table's order (Java types as
 * {@link EventField.ValueType} says). Immutable: a change makes a new event.
 */
public final class Event {

    private final long orgId;
    private final Object[] values;

    /** {@code values} indexed by {@link EventField#ordinal()}; taken as it is, not copied. */
    public Event(long orgId, Object[] values) {
        if (values.length != EventField.ALL.size()) {
            throw new IllegalArgumentException("an event has " + EventField.ALL.size() + " values");
        }
        this.orgId = orgId;
        this.values = values;
    }

    public long orgId() {
        return orgId;
    }

    public Object get(EventField field) {
        return values[field.ordinal()];
    }

    /** The same event with these fields changed. */
    public Event with(EventField field, Object value) {
        Object[] changed = values.clone();
        changed[field.ordinal()] = value;
        return new Event(orgId, changed);
    }

    /** A copy of the values, to build a changed event from. */
    public Object[] values() {
        return values.clone();
    }

    public long id() {
        return (Long) values[EventField.ID.ordinal()];
    }

    public String name() {
        return (String) get(EventField.NAME);
    }

    public Instant eventAt() {
        return (Instant) values[EventField.EVENT_AT.ordinal()];
    }

    public Instant createdAt() {
        return (Instant) values[EventField.CREATED_AT.ordinal()];
    }

    public Instant updatedAt() {
        return (Instant) values[EventField.UPDATED_AT.ordinal()];
    }

    /** The payload's compact JSON text, or null. */
    public String payload() {
        return (String) values[EventField.PAYLOAD.ordinal()];
    }

    /** The related id of a relationship field, or null. */
    public String related(EventField relationship) {
        return (String) values[relationship.ordinal()];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Event event && event.orgId == orgId && Arrays.equals(event.values, values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(orgId) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Event[" + orgId + "/" + get(EventField.ID) + "]";
    }
}
