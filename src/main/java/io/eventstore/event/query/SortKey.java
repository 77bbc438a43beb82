package io.eventstore.event.query;

import io.eventstore.event.EventField;

import java.util.List;

/**
 * A total order over events: the requested sort fields, then the id in the direction of the last
 * field, so that an index on (org, ..., field, id) serves it in one direction or the other.
 */
public record SortKey(List<EventField> fields, List<Boolean> descending) {

    /** The default: newest first. */
    public static final SortKey NEWEST_FIRST = new SortKey(List.of(EventField.EVENT_AT), List.of(true));

    public SortKey {
        fields = List.copyOf(fields);
        descending = List.copyOf(descending);
        if (fields.isEmpty() || fields.size() != descending.size() || !fields.stream().allMatch(EventField::sortable)) {
            throw new IllegalStateException("not a sort: " + fields);
        }
    }

    public boolean idDescending() {
        return descending.get(descending.size() - 1);
    }

    /** The sort as the {@code sort} parameter writes it; cursors carry it to refuse another sort's cursor. */
    public String signature() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            text.append(i == 0 ? "" : ",").append(descending.get(i) ? "-" : "").append(fields.get(i).jsonName());
        }
        return text.toString();
    }
}
