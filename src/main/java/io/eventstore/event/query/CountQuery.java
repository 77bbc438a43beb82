package io.eventstore.event.query;

import io.eventstore.event.EventField;

import java.time.ZoneId;
import java.util.List;

/**
 * Counts of one org's events under a listing's filters, grouped by any of: the name, a period of
 * eventAt in a time zone, and one relationship's id. At least one grouping is given.
 */
public record CountQuery(List<Filter> filters, boolean byName, Period period, ZoneId zone, EventField relationship) {

    /** A calendar period of eventAt, in the query's zone; weeks start on Monday (ISO 8601). */
    public enum Period {
        DAY("day"), WEEK("week"), MONTH("month");

        private final String wireName;

        Period(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Period ofWireName(String name) {
            for (Period period : values()) {
                if (period.wireName.equals(name)) {
                    return period;
                }
            }
            return null;
        }
    }

    public CountQuery {
        filters = List.copyOf(filters);
        if (!byName && period == null && relationship == null) {
            throw new IllegalStateException("a count groups by something");
        }
        if (relationship != null && !relationship.isRelationship()) {
            throw new IllegalStateException(relationship + " is no relationship");
        }
    }

    /** The eventAt range the filters ask for (null ends are open): the zone's offsets matter only within it. */
    public Filter.Range eventAtRange() {
        java.time.Instant from = null;
        java.time.Instant to = null;
        for (Filter filter : filters) {
            if (filter instanceof Filter.Range range && range.field() == EventField.EVENT_AT) {
                if (range.from() != null && (from == null || range.from().isAfter(from))) {
                    from = range.from();
                }
                if (range.to() != null && (to == null || range.to().isBefore(to))) {
                    to = range.to();
                }
            }
        }
        return new Filter.Range(EventField.EVENT_AT, from, true, to, true);
    }

    /** One group's count: its name, period (as the period's wire form) and related id, each null when not grouped by. */
    public record Bucket(String name, String period, String relatedId, long count) {
    }
}
