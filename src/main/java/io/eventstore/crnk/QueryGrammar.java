package io.eventstore.crnk;

import io.crnk.core.engine.query.QueryContext;
import io.crnk.core.queryspec.QuerySpec;
import io.eventstore.event.EventField;
import io.eventstore.event.query.CursorCodec;
import io.eventstore.event.query.EventQuery;
import io.eventstore.event.query.Filter;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query-string grammar of the event resource, run by crnk: its resource model (built from the
 * field table) resolves the names, its URL-mapper SPI (our strict mapper) parses the parameter
 * families into a query spec, and the spec is translated into our typed {@link EventQuery}.
 * This package is the only one that knows crnk (docs/adr/0001-crnk-core-job.md).
 */
@Singleton
public class QueryGrammar {

    /** A listing as the client asked for it: the query, and the sparse fieldset (null: every field). */
    public record Listing(EventQuery query, Set<EventField> fields) {
    }

    private final StrictUrlMapper mapper;

    public QueryGrammar(CursorCodec cursors,
                        @Value("${event-store.page.default-size:50}") int defaultSize,
                        @Value("${event-store.page.max-size:1000}") int maxSize) {
        this.mapper = new StrictUrlMapper(new PageParser(defaultSize, maxSize, cursors));
    }

    /** The parameters of {@code GET /events}, each given once. */
    public Listing listing(Map<String, List<String>> parameters) {
        QuerySpec spec = mapper.deserialize(EventResource.information(), sets(parameters), new QueryContext());
        return new Listing(QuerySpecs.toQuery(spec), QuerySpecs.fieldset(spec));
    }

    /**
     * The {@code filter[...]} parameters alone (the stream takes them and nothing else of a listing),
     * read by the same grammar as a listing's.
     */
    public List<Filter> filters(Map<String, List<String>> parameters) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (name.startsWith("filter[")) {
                filters.put(name, values);
            }
        });
        return filters.isEmpty() ? List.of() : listing(filters).query().filters();
    }

    /** The sparse fieldset of {@code fields[event]} (the only parameter of a single event), or null. */
    public Set<EventField> fieldset(Map<String, List<String>> parameters) {
        if (parameters.isEmpty()) {
            return null; // the common case, on every create and read: no spec to build
        }
        QuerySpec spec = new QuerySpec(EventResource.information());
        parameters.forEach((name, values) -> StrictUrlMapper.fields(spec, name, values.get(0)));
        return QuerySpecs.fieldset(spec);
    }

    private static Map<String, Set<String>> sets(Map<String, List<String>> parameters) {
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        parameters.forEach((name, values) -> sets.put(name, new LinkedHashSet<>(values)));
        return sets;
    }
}
