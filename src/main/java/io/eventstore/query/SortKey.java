package io.eventstore.query;

import io.crnk.core.queryspec.Direction;
import io.crnk.core.queryspec.SortSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A total order over events: the requested sort fields, then the id in the direction of the last
 * field, so that an index on (org, ..., field, id) serves it in one direction or the other.
 */
public record SortKey(List<SortField> fields, List<Boolean> descending) {

    public static SortKey of(List<SortSpec> sort) {
        List<SortField> fields = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        for (SortSpec spec : sort) {
            fields.add(SortField.byPath(spec.getAttributePath()));
            descending.add(spec.getDirection() == Direction.DESC);
        }
        return new SortKey(List.copyOf(fields), List.copyOf(descending));
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
