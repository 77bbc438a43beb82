package io.eventstore.event.query;

import io.eventstore.event.Event;

import java.util.List;

/** A page of events in the query's order, with what its links need to know, and its total when asked. */
public record ListedPage(List<Event> events, boolean hasNext, boolean hasPrev, Total total) {

    /** A count that stopped at the limit: {@code truncated} means there are more than {@code count}. */
    public record Total(long count, boolean truncated) {
    }
}
