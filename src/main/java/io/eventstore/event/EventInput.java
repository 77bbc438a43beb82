package io.eventstore.event;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The members a request document gave for an event, already checked against the field table:
 * for a create the new event's values, for an update the changes (a member given as null clears
 * it; a member left out keeps its value). Values have the Java types of {@link EventField.ValueType}.
 */
public final class EventInput {

    private final Map<EventField, Object> given = new EnumMap<>(EventField.class);

    public EventInput put(EventField field, Object value) {
        given.put(field, value);
        return this;
    }

    public boolean has(EventField field) {
        return given.containsKey(field);
    }

    public Object get(EventField field) {
        return given.get(field);
    }

    public Map<EventField, Object> given() {
        return Collections.unmodifiableMap(given);
    }
}
