package io.eventstore.event.query;

import io.eventstore.event.Event;

import java.util.List;

/**
 * A page of events in the query's order, with what its links need to know, its total when asked, and
 * the change feed's position it was read at (every change up to it is in the page's snapshot).
 */
public record ListedPage(List<Event> events, boolean hasNext, boolean hasPrev, Total total, long feedPosition) {

    public ListedPage(List<Event> events, boolean hasNext, boolean hasPrev, Total total) {
        this(events, hasNext, hasPrev, total, 0);
    }

    public ListedPage at(long position) {
        return new ListedPage(events, hasNext, hasPrev, total, position);
    }

    /** A count that stopped at the limit: {@code truncated} means there are more than {@code count}. */
    public record Total(long count, boolean truncated) {
    }
}
