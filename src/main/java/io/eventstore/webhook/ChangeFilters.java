package io.eventstore.webhook;

import io.eventstore.event.query.Filter;

import java.util.List;

/** Reads a hook's filter parameters with the listing's grammar (the edge provides it). */
public interface ChangeFilters {
    List<Filter> read(HookFilter filter);
}
