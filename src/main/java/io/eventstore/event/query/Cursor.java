package io.eventstore.event.query;

import java.util.List;

/**
 * A position in one ordering of one org's events: the sort it belongs to, the sort values of the
 * row it points at (microseconds since the epoch) and that row's id.
 */
public record Cursor(long orgId, String sort, List<Long> values, long id) {
}
