package io.eventstore.event.store;

import io.eventstore.event.EventField;
import io.eventstore.event.query.Filter;
import io.eventstore.event.query.SortKey;

import java.util.List;

/**
 * The index a page statement names when its shape leaves no choice. Every index of the event
 * table leads with org_id, so for each page the optimizer would otherwise estimate a range on all
 * twelve of them: measured on 10M events, that took longer than reading the page itself
 * (0.6-1.2 ms of optimisation against 0.3 ms with the index named). The shapes:
 * <ul>
 *   <li>a timeline: one relationship or name, one value, sorted by eventAt (with or without an
 *       eventAt range) → that field's index (org_id, field, event_at, id[, name]);</li>
 *   <li>the org's list sorted by one time field, with or without a range on that same field →
 *       that field's index (org_id, field, id).</li>
 * </ul>
 * Everything else (lists of ids, several filters of different fields, ranges on another column
 * than the sort) is left to the optimizer, which needs its statistics to pick. ListQueryPlanTest
 * checks every shape with EXPLAIN.
 */
final class IndexHint {

    private IndexHint() {
    }

    /** The index to name for this page, or null to let the optimizer choose. */
    static EventIndex forPage(List<Filter> filters, SortKey sort) {
        if (sort.fields().size() != 1) {
            return null;
        }
        EventField sorted = sort.fields().get(0);
        EventField timeline = null;
        for (Filter filter : filters) {
            if (filter instanceof Filter.Range range) {
                if (range.field() != sorted) {
                    return null;
                }
            } else if (filter instanceof Filter.In in) {
                if (in.field() == EventField.ID || timeline != null || in.values().size() != 1) {
                    return null;
                }
                timeline = in.field();
            }
        }
        if (timeline == null) {
            return EventIndex.leadingWith(sorted);
        }
        return sorted == EventField.EVENT_AT ? EventIndex.leadingWith(timeline) : null;
    }
}
