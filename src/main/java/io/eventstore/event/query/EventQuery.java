package io.eventstore.event.query;

import java.util.List;

/** A listing of one org's events: its filters, a total order, the page wanted. */
public record EventQuery(List<Filter> filters, SortKey sort, PageRequest page) {

    public EventQuery {
        filters = List.copyOf(filters);
    }
}
