package io.eventstore.events;

import io.eventstore.event.Event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * New events of one batch that are not inserted yet: a batch collects its creates here and they are
 * written together, one JDBC batch instead of a round trip per event. Passed explicitly from the
 * batch to each use case it calls; it belongs to one request and is never shared between threads.
 */
public final class PendingInserts {

    private final List<Event> rows = new ArrayList<>();
    // ids drawn again after a collision with another instance's id: old id -> stored event
    private final Map<Long, Event> redrawn = new HashMap<>();

    void add(Event event) {
        rows.add(event);
    }

    /** Takes the collected rows, leaving none. */
    List<Event> drain() {
        List<Event> drained = new ArrayList<>(rows);
        rows.clear();
        return drained;
    }

    void redrawn(Event before, Event stored) {
        redrawn.put(before.id(), stored);
    }

    /** The event as it was stored (its id may have been drawn again when it was inserted). */
    public Event stored(Event event) {
        return event == null ? null : redrawn.getOrDefault(event.id(), event);
    }

    /** The stored id of an event this batch created, or the id itself. */
    public long storedId(long id) {
        Event stored = redrawn.get(id);
        return stored == null ? id : stored.id();
    }
}
