package io.eventstore.crnk;

import io.crnk.core.queryspec.FilterOperator;
import io.crnk.core.queryspec.FilterSpec;
import io.eventstore.error.ApiException;
import io.eventstore.event.EventField;
import io.eventstore.event.EventIds;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one {@code filter[...]} parameter into crnk filter specs with typed values:
 * {@code filter[prospect][id]=1,2}, {@code filter[id]=..}, {@code filter[name]=a,b},
 * {@code filter[eventAt]=from..to} and {@code filter[eventAt][gte]=..}.
 */
final class FilterParser {

    static final int MAX_LIST_SIZE = 1000;
    private static final String NEG_INF = "neginf";
    private static final String INF = "inf";
    private static final Map<String, FilterOperator> OPERATORS = Map.of(
            "gt", FilterOperator.GT, "gte", FilterOperator.GE, "lt", FilterOperator.LT, "lte", FilterOperator.LE);
    // a '+' of an offset that was not percent-encoded arrives as a space
    private static final Pattern UNENCODED_PLUS = Pattern.compile(" (\\d\\d(:?\\d\\d)?)$");
    private static final Instant MIN_TIME = Instant.parse("1000-01-01T00:00:00Z");
    private static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

    private FilterParser() {
    }

    static List<FilterSpec> parse(String parameter, String value) {
        List<String> segments = Bracketed.segments(parameter, "filter");
        if (segments == null) {
            throw unknown(parameter);
        }
        if (segments.size() == 1 && segments.get(0).contains(".")) {
            segments = List.of(segments.get(0).split("\\.", -1)); // the dotted form filter[prospect.id]
        }
        EventField field = EventResource.filtered(segments);
        if (field != null && field.filtering() == EventField.Filtering.IN) {
            return List.of(list(parameter, field, value));
        }
        if (field != null && field.filtering() == EventField.Filtering.RANGE) {
            return range(parameter, field, value);
        }
        if (segments.size() == 2 && OPERATORS.containsKey(segments.get(1))) {
            EventField timeField = EventResource.filtered(segments.subList(0, 1));
            if (timeField != null && timeField.filtering() == EventField.Filtering.RANGE) {
                return List.of(new FilterSpec(EventResource.path(timeField), OPERATORS.get(segments.get(1)), time(parameter, value)));
            }
        }
        throw unknown(parameter);
    }

    private static FilterSpec list(String parameter, EventField field, String value) {
        List<String> items = Bracketed.items(value);
        if (items == null) {
            throw ApiException.atParameter(parameter, "invalid_filter",
                    parameter + " takes a comma-separated list of values, none of them empty.");
        }
        if (items.size() > MAX_LIST_SIZE) {
            throw ApiException.atParameter(parameter, "filter_list_too_long",
                    parameter + " takes at most " + MAX_LIST_SIZE + " values.");
        }
        List<Object> values = new ArrayList<>();
        for (String item : items) {
            values.add(field == EventField.ID ? eventId(parameter, item) : bounded(parameter, item, field.maxLength(null)));
        }
        return new FilterSpec(EventResource.path(field), FilterOperator.EQ, List.copyOf(values));
    }

    private static List<FilterSpec> range(String parameter, EventField field, String value) {
        int dots = value.indexOf("..");
        if (dots < 0 || value.indexOf("..", dots + 2) >= 0) {
            throw ApiException.atParameter(parameter, "invalid_filter",
                    parameter + " takes a range 'from..to' (inclusive; 'neginf' and 'inf' for open ends).");
        }
        String from = value.substring(0, dots);
        String to = value.substring(dots + 2);
        List<FilterSpec> specs = new ArrayList<>();
        Instant start = NEG_INF.equals(from) ? null : time(parameter, from);
        Instant end = INF.equals(to) ? null : time(parameter, to);
        if (start != null && end != null && start.isAfter(end)) {
            throw ApiException.atParameter(parameter, "invalid_filter", parameter + " starts after it ends.");
        }
        if (start != null) {
            specs.add(new FilterSpec(EventResource.path(field), FilterOperator.GE, start));
        }
        if (end != null) {
            specs.add(new FilterSpec(EventResource.path(field), FilterOperator.LE, end));
        }
        return specs;
    }

    static Instant time(String parameter, String value) {
        try {
            Instant instant = OffsetDateTime.parse(UNENCODED_PLUS.matcher(value).replaceFirst("+$1")).toInstant();
            if (instant.isBefore(MIN_TIME) || instant.isAfter(MAX_TIME)) {
                throw ApiException.atParameter(parameter, "invalid_filter", parameter + " is outside the years 1000 to 9999.");
            }
            return instant.truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw ApiException.atParameter(parameter, "invalid_filter",
                    parameter + " takes ISO-8601 date-times with an offset, such as 2026-01-31T09:30:00Z.");
        }
    }

    private static Long eventId(String parameter, String item) {
        Long id = EventIds.parse(item);
        if (id == null) {
            throw ApiException.atParameter(parameter, "invalid_filter", "'" + abbreviate(item) + "' is not an event id.");
        }
        return id;
    }

    private static String bounded(String parameter, String item, int maxLength) {
        if (item.codePointCount(0, item.length()) > maxLength) {
            throw ApiException.atParameter(parameter, "invalid_filter",
                    parameter + " values are at most " + maxLength + " characters long.");
        }
        return item;
    }

    private static ApiException unknown(String parameter) {
        return ApiException.atParameter(parameter, "unknown_filter", "There is no filter " + abbreviate(parameter)
                + ". Filters: filter[<relationship>][id] for account, call, mailing, opportunity, prospect, task and user;"
                + " filter[id]; filter[name]; filter[eventAt], filter[createdAt] and filter[updatedAt] as 'from..to'"
                + " or with [gt], [gte], [lt] or [lte].");
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
