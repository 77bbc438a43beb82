package io.eventstore.query;

import io.crnk.core.queryspec.FilterSpec;

import java.util.Collection;
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
 * than the sort) is left to the optimizer, which needs its statistics to pick. Index names are
 * those of schema/migrations (V1, relationship indexes widened by V4); ListQueryPlanTest checks every shape with EXPLAIN.
 */
final class IndexHint {

    private IndexHint() {
    }

    /** The index to name for this page, or null to let the optimizer choose. */
    static String forPage(List<FilterSpec> filters, SortKey sort) {
        if (sort.fields().size() != 1) {
            return null;
        }
        SortField sorted = sort.fields().get(0);
        FilterField timeline = null;
        for (FilterSpec filter : filters) {
            FilterField field = FilterField.byPath(filter.getAttributePath());
            switch (field.kind()) {
                case TIME -> {
                    if (!field.column().equals(sorted.column())) {
                        return null;
                    }
                }
                case RELATED_IDS, STRINGS -> {
                    if (timeline != null || ((Collection<?>) filter.getValue()).size() != 1) {
                        return null;
                    }
                    timeline = field;
                }
                default -> {
                    return null;
                }
            }
        }
        if (timeline == null) {
            return "event_by_" + sorted.column();
        }
        return sorted == SortField.EVENT_AT ? "event_by_" + timeline.path().get(0) : null;
    }
}
