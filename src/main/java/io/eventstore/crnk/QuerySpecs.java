package io.eventstore.crnk;

import io.crnk.core.queryspec.Direction;
import io.crnk.core.queryspec.FilterSpec;
import io.crnk.core.queryspec.IncludeFieldSpec;
import io.crnk.core.queryspec.QuerySpec;
import io.crnk.core.queryspec.SortSpec;
import io.eventstore.event.EventField;
import io.eventstore.event.query.EventQuery;
import io.eventstore.event.query.Filter;
import io.eventstore.event.query.SortKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** crnk's query spec, translated into our typed query: the only place where its types meet ours. */
final class QuerySpecs {

    private QuerySpecs() {
    }

    static EventQuery toQuery(QuerySpec spec) {
        List<Filter> filters = new ArrayList<>();
        for (FilterSpec filter : spec.getFilters()) {
            EventField field = EventResource.filtered(filter.getAttributePath());
            Object value = filter.getValue();
            filters.add(switch (filter.getOperator().getName()) {
                case "EQ" -> new Filter.In(field, (List<?>) value);
                case "GE" -> new Filter.Range(field, (Instant) value, true, null, false);
                case "GT" -> new Filter.Range(field, (Instant) value, false, null, false);
                case "LE" -> new Filter.Range(field, null, false, (Instant) value, true);
                case "LT" -> new Filter.Range(field, null, false, (Instant) value, false);
                default -> throw new IllegalStateException("the grammar makes no filter " + filter.getOperator());
            });
        }
        StrictUrlMapper.CursorPaging paging = (StrictUrlMapper.CursorPaging) spec.getPaging();
        return new EventQuery(filters, sortKey(spec.getSort()), paging.page());
    }

    static SortKey sortKey(List<SortSpec> sort) {
        List<EventField> fields = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        for (SortSpec spec : sort) {
            fields.add(EventResource.member(spec.getAttributePath().get(0)));
            descending.add(spec.getDirection() == Direction.DESC);
        }
        return new SortKey(fields, descending);
    }

    /** The fields of {@code fields[event]}, or null when every field is wanted. */
    static Set<EventField> fieldset(QuerySpec spec) {
        List<IncludeFieldSpec> included = spec.getIncludedFields();
        if (included.isEmpty()) {
            return null;
        }
        Set<EventField> fields = EnumSet.noneOf(EventField.class);
        for (IncludeFieldSpec field : included) {
            EventField member = EventResource.member(field.getAttributePath().get(0));
            if (member != null) {
                fields.add(member);
            }
        }
        return fields;
    }
}
