package io.eventstore.crnk;

import io.crnk.core.engine.query.QueryContext;
import io.crnk.core.queryspec.QuerySpec;
import io.eventstore.event.EventField;
import io.eventstore.event.query.CursorCodec;
import io.eventstore.event.query.EventQuery;
import io.eventstore.event.query.Filter;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import io.eventstore.error.ApiException;
import io.eventstore.event.query.CountQuery;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

    /** {@code GET /event-counts}: what to count and how to group it, and the sparse fieldset of {@code event-count} (null: all). */
    public record Counting(CountQuery query, Set<String> fields) {
    }

    /** The attributes and relationships an {@code event-count} may have. */
    public static final List<String> COUNT_FIELDS;

    static {
        List<String> fields = new ArrayList<>(List.of("count", "name"));
        for (CountQuery.Period period : CountQuery.Period.values()) {
            fields.add(period.wireName());
        }
        EventField.RELATIONSHIPS.forEach(relationship -> fields.add(relationship.jsonName()));
        COUNT_FIELDS = List.copyOf(fields);
    }

    /**
     * The parameters of {@code GET /event-counts}: the listing's {@code filter[...]} (read as a
     * listing reads them), {@code group} (any of name, one of day/week/month, one relationship),
     * {@code tz} (an IANA zone for the periods, UTC by default) and {@code fields[event-count]}.
     */
    public Counting counting(Map<String, List<String>> parameters) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        String group = null;
        String tz = null;
        Set<String> fields = null;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = parameter.getValue().get(0);
            if (name.startsWith("filter[")) {
                filters.put(name, parameter.getValue());
            } else if (name.equals("group")) {
                group = value;
            } else if (name.equals("tz")) {
                tz = value;
            } else if (name.startsWith("fields[")) {
                fields = fieldset(name, value, "event-count", COUNT_FIELDS);
            } else {
                throw ApiException.atParameter(name, "unknown_parameter", "Unknown query parameter '" + FilterParser.abbreviate(name)
                        + "'. Counts take filter[...] (as a listing), group, tz and fields[event-count].");
            }
        }
        if (group == null) {
            throw ApiException.atParameter("group", "missing_group", "group is required: any of name, one of day, week or month,"
                    + " and one relationship (such as prospect), comma-separated.");
        }
        boolean byName = false;
        CountQuery.Period period = null;
        EventField relationship = null;
        List<String> items = Bracketed.items(group);
        if (items == null) {
            throw ApiException.atParameter("group", "invalid_group", "group takes a comma-separated list.");
        }
        for (String item : items) {
            CountQuery.Period asPeriod = CountQuery.Period.ofWireName(item);
            EventField asRelationship = EventField.relationship(item);
            if (item.equals("name") && !byName) {
                byName = true;
            } else if (asPeriod != null && period == null) {
                period = asPeriod;
            } else if (asRelationship != null && relationship == null) {
                relationship = asRelationship;
            } else {
                throw ApiException.atParameter("group", "invalid_group", "Cannot group by '" + FilterParser.abbreviate(item)
                        + "' here. group takes name, one of day, week or month, and one relationship"
                        + " (account, call, mailing, opportunity, prospect, task, user), each once.");
            }
        }
        ZoneId zone = ZoneOffset.UTC;
        if (tz != null) {
            if (period == null) {
                throw ApiException.atParameter("tz", "invalid_time_zone", "tz applies to a grouping by day, week or month.");
            }
            try {
                zone = ZoneId.of(tz);
            } catch (DateTimeException e) {
                throw ApiException.atParameter("tz", "invalid_time_zone", "tz is an IANA time zone such as Europe/Paris"
                        + " or America/New_York (or UTC).");
            }
        }
        return new Counting(new CountQuery(filters.isEmpty() ? List.of() : listing(filters).query().filters(),
                byName, period, zone, relationship), fields);
    }

    /**
     * The parameters of {@code GET /exports/events}: a listing's filters, sort and
     * {@code fields[event]}, and {@code page[after]} to resume after a cursor the export wrote;
     * the export has no pages, so no other {@code page[...]}.
     */
    public Listing export(Map<String, List<String>> parameters) {
        for (String name : parameters.keySet()) {
            if (name.startsWith("page[") && !name.equals("page[after]")) {
                throw ApiException.atParameter(name, "unknown_parameter", "An export has no pages: it answers every matching event."
                        + " It takes filter[...], sort, fields[event] and page[after] (to resume after a cursor it wrote).");
            }
        }
        return listing(parameters);
    }

    /**
     * A sparse fieldset {@code fields[type]} of one of the other resources: the names it gives,
     * each one of {@code known}.
     */
    public static Set<String> fieldset(String name, String value, String type, List<String> known) {
        List<String> segments = Bracketed.segments(name, "fields");
        if (segments == null || segments.size() != 1 || !segments.get(0).equals(type)) {
            throw ApiException.atParameter(name, "unknown_parameter", "Sparse fieldsets are served for the type '" + type
                    + "' here: fields[" + type + "].");
        }
        Set<String> fields = new LinkedHashSet<>();
        if (value.isEmpty()) {
            return fields;
        }
        List<String> items = Bracketed.items(value);
        if (items == null) {
            throw ApiException.atParameter(name, "invalid_fields", name + " takes a comma-separated list of field names.");
        }
        for (String item : items) {
            if (!known.contains(item)) {
                throw ApiException.atParameter(name, "invalid_fields", "The " + type + " has no field '" + FilterParser.abbreviate(item)
                        + "'; it has " + String.join(", ", known) + ".");
            }
            fields.add(item);
        }
        return fields;
    }

    private static Map<String, Set<String>> sets(Map<String, List<String>> parameters) {
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        parameters.forEach((name, values) -> sets.put(name, new LinkedHashSet<>(values)));
        return sets;
    }
}
