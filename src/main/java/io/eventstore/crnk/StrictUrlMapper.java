package io.eventstore.crnk;

import io.crnk.core.engine.information.resource.ResourceInformation;
import io.crnk.core.engine.query.QueryContext;
import io.crnk.core.queryspec.Direction;
import io.crnk.core.queryspec.FilterSpec;
import io.crnk.core.queryspec.QuerySpec;
import io.crnk.core.queryspec.SortSpec;
import io.crnk.core.queryspec.mapper.QuerySpecUrlContext;
import io.crnk.core.queryspec.mapper.QuerySpecUrlMapper;
import io.crnk.core.queryspec.pagingspec.PagingSpec;
import io.eventstore.error.ApiException;
import io.eventstore.event.EventField;
import io.eventstore.event.query.PageRequest;
import io.eventstore.event.query.SortKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * crnk's query-parameter SPI, implemented strictly: every parameter is known and well-formed, or
 * the request is refused with {@code source.parameter}. crnk's default mapper reads
 * {@code filter[prospect][id]} as a filter on another resource type and silently drops it; here it
 * is the filter on the event's {@code prospect.id}.
 */
final class StrictUrlMapper implements QuerySpecUrlMapper {

    /** Our cursor page, carried in crnk's query spec. */
    record CursorPaging(PageRequest page) implements PagingSpec {
        @Override
        public PagingSpec clone() {
            return this; // immutable
        }
    }

    private final PageParser pageParser;

    StrictUrlMapper(PageParser pageParser) {
        this.pageParser = pageParser;
    }

    @Override
    public void init(QuerySpecUrlContext ctx) {
        // nothing to set up
    }

    @Override
    public Map<String, Set<String>> serialize(QuerySpec querySpec, QueryContext queryContext) {
        throw new UnsupportedOperationException("links are written from the request's own parameters");
    }

    @Override
    public QuerySpec deserialize(ResourceInformation resource, Map<String, Set<String>> parameters, QueryContext queryContext) {
        QuerySpec spec = new QuerySpec(resource);
        List<FilterSpec> filters = new ArrayList<>();
        List<SortSpec> sort = List.of(new SortSpec(List.of(EventField.EVENT_AT.jsonName()), Direction.DESC));
        Map<String, String> page = new HashMap<>();
        for (Map.Entry<String, Set<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = single(name, parameter.getValue());
            if (name.startsWith("filter[")) {
                filters.addAll(FilterParser.parse(name, value));
            } else if (name.equals("sort")) {
                sort = sort(value);
            } else if (name.startsWith("page[")) {
                page.put(name, value);
            } else if (name.startsWith("fields[")) {
                fields(spec, name, value);
            } else if (name.equals("include")) {
                throw ApiException.atParameter(name, "include_not_supported", "This service holds no related resources to include;"
                        + " the relationships of each event carry the related ids.");
            } else {
                throw ApiException.atParameter(name, "unknown_parameter", "Unknown query parameter '"
                        + FilterParser.abbreviate(name) + "'. Known: filter[...], sort, page[size], page[after],"
                        + " page[before], page[totals], fields[event].");
            }
        }
        spec.setFilters(filters);
        spec.setSort(sort);
        spec.setPaging(new CursorPaging(pageParser.parse(page, QuerySpecs.sortKey(sort))));
        return spec;
    }

    private static String single(String name, Set<String> values) {
        if (values.size() != 1) {
            throw ApiException.atParameter(name, "repeated_parameter", name + " may be given only once.");
        }
        return values.iterator().next();
    }

    private static List<SortSpec> sort(String value) {
        List<String> items = Bracketed.items(value);
        if (items == null) {
            throw ApiException.atParameter("sort", "invalid_sort", "sort takes a comma-separated list of fields.");
        }
        List<SortSpec> sort = new ArrayList<>();
        Set<EventField> seen = new LinkedHashSet<>();
        for (String item : items) {
            boolean descending = item.startsWith("-");
            EventField field = EventResource.member(descending ? item.substring(1) : item);
            if (field == null || !field.sortable()) {
                throw ApiException.atParameter("sort", "invalid_sort", "Cannot sort by '" + FilterParser.abbreviate(item)
                        + "'. Sort fields: eventAt, createdAt, updatedAt, each with '-' for descending.");
            }
            if (!seen.add(field)) {
                throw ApiException.atParameter("sort", "invalid_sort", "sort names " + field.jsonName() + " twice.");
            }
            sort.add(new SortSpec(List.of(field.jsonName()), descending ? Direction.DESC : Direction.ASC));
        }
        return sort;
    }

    static void fields(QuerySpec spec, String name, String value) {
        List<String> segments = Bracketed.segments(name, "fields");
        if (segments == null || segments.size() != 1 || !segments.get(0).equals(EventResource.TYPE)) {
            throw ApiException.atParameter(name, "unknown_parameter", "Sparse fieldsets are served for the type 'event' only: fields[event].");
        }
        if (value.isEmpty()) {
            spec.includeField(List.of("id")); // no attribute or relationship is named id: none is returned
            return;
        }
        List<String> items = Bracketed.items(value);
        if (items == null) {
            throw ApiException.atParameter(name, "invalid_fields", name + " takes a comma-separated list of field names.");
        }
        for (String item : items) {
            if (EventResource.member(item) == null) {
                throw ApiException.atParameter(name, "invalid_fields", "The event has no field '" + FilterParser.abbreviate(item) + "'.");
            }
            spec.includeField(List.of(item));
        }
    }
}
