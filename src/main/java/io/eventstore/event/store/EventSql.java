package io.eventstore.event.store;

import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.query.CountQuery;
import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.Filter;
import io.eventstore.event.query.Micros;
import io.eventstore.event.query.PageRequest;
import io.eventstore.event.query.SortKey;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The event table's SQL, derived from the field table. Every statement starts with the org, so
 * each one can use a key that leads with {@code org_id}; values are always bound, never inlined.
 */
public final class EventSql {

    static final String INSERT = "INSERT INTO event (" + EventColumns.LIST + ") VALUES (" + EventColumns.marks() + ")";
    static final String FIND = "SELECT " + EventColumns.LIST + " FROM event WHERE org_id = ? AND id = ?";
    static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    /** Every column but the key and created_at, which never change. */
    static final List<EventField> UPDATED = EventField.ALL.stream()
            .filter(field -> field != EventField.ID && field != EventField.CREATED_AT).toList();
    static final String UPDATE = "UPDATE event SET " + String.join(", ", UPDATED.stream().map(f -> f.column() + " = ?").toList())
            + " WHERE org_id = ? AND id = ?";
    static final String DELETE = "DELETE FROM event WHERE org_id = ? AND id = ?";

    private EventSql() {
    }

    /** The INSERT of one row, every column bound by {@link #bindInsert} (tools use it too). */
    public static String insert() {
        return INSERT;
    }

    public static void bindInsert(PreparedStatement insert, Event event) throws SQLException {
        EventColumns.bindAll(insert, 1, event);
    }

    /** One event by its key: the statement {@code GET /events/{id}} runs. */
    public static SqlStatement find(long orgId, long id) {
        return new SqlStatement(FIND, List.of(orgId, id));
    }

    public static SqlStatement findForUpdate(long orgId, long id) {
        return new SqlStatement(FIND_FOR_UPDATE, List.of(orgId, id));
    }

    public static SqlStatement delete(long orgId, long id) {
        return new SqlStatement(DELETE, List.of(orgId, id));
    }

    /** One page: {@code limit} rows after (or, walking backwards, before) the cursor. */
    public static SqlStatement page(long orgId, List<Filter> filters, SortKey sort, PageRequest page, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(EventColumns.LIST).append(" FROM event");
        EventIndex index = IndexHint.forPage(filters, sort);
        if (index != null) {
            sql.append(" FORCE INDEX (").append(index.sqlName()).append(')');
        }
        where(sql, parameters, orgId, filters);
        boolean reversed = page.backwards();
        if (page.boundary() != null) {
            sql.append(" AND ");
            keyset(sql, parameters, sort, page.boundary(), reversed);
        }
        sql.append(" ORDER BY ");
        for (int i = 0; i < sort.fields().size(); i++) {
            sql.append(sort.fields().get(i).column()).append(direction(sort.descending().get(i), reversed)).append(", ");
        }
        sql.append("id").append(direction(sort.idDescending(), reversed)).append(" LIMIT ?");
        parameters.add(limit);
        return new SqlStatement(sql.toString(), parameters);
    }

    public static SqlStatement count(long orgId, List<Filter> filters) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM event");
        where(sql, parameters, orgId, filters);
        return new SqlStatement(sql.toString(), parameters);
    }

    /** Counts at most {@code limit} rows, so a count never reads more than that many index entries. */
    public static SqlStatement cappedCount(long orgId, List<Filter> filters, long limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder rows = new StringBuilder("SELECT 1 FROM event");
        where(rows, parameters, orgId, filters);
        parameters.add(limit);
        return new SqlStatement("SELECT COUNT(*) FROM (" + rows + " LIMIT ?) AS counted", parameters);
    }

    /**
     * The grouped count of {@code GET /event-counts}: at most {@code limit} groups, ordered by period,
     * name and related id. A period is computed from eventAt shifted by the zone's offset; where the
     * offset changes within the range asked for (summer time), the shift is a CASE over the
     * transitions, newest first ({@link ZoneShift}).
     */
    public static SqlStatement counts(long orgId, CountQuery query, ZoneShift shift, int limit) {
        List<Object> parameters = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        if (query.byName()) {
            sql.append("name AS g_name, ");
            groups.add("g_name");
        }
        if (query.period() != null) {
            String local = shift.expression("event_at", parameters);
            switch (query.period()) {
                case DAY -> sql.append("DATE(").append(local).append(')');
                case WEEK -> {
                    // the Monday of the week: the local day less its weekday (0 for Monday)
                    String again = shift.expression("event_at", parameters);
                    sql.append("DATE_SUB(DATE(").append(local).append("), INTERVAL WEEKDAY(").append(again).append(") DAY)");
                }
                case MONTH -> sql.append("DATE_FORMAT(").append(local).append(", '%Y-%m')");
            }
            sql.append(" AS g_period, ");
            groups.add(0, "g_period");
        }
        if (query.relationship() != null) {
            sql.append(query.relationship().column()).append(" AS g_related, ");
            groups.add("g_related");
        }
        sql.append("COUNT(*) AS counted FROM event");
        where(sql, parameters, orgId, query.filters());
        String keys = String.join(", ", groups);
        sql.append(" GROUP BY ").append(keys).append(" ORDER BY ").append(keys).append(" LIMIT ?");
        parameters.add(limit);
        return new SqlStatement(sql.toString(), parameters);
    }

    private static void where(StringBuilder sql, List<Object> parameters, long orgId, List<Filter> filters) {
        sql.append(" WHERE org_id = ?");
        parameters.add(orgId);
        for (Filter filter : filters) {
            String column = filter.field().column();
            if (filter instanceof Filter.In in) {
                sql.append(" AND ").append(column);
                if (in.values().size() == 1) {
                    sql.append(" = ?");
                } else {
                    StringJoiner marks = new StringJoiner(", ", " IN (", ")");
                    in.values().forEach(v -> marks.add("?"));
                    sql.append(marks);
                }
                parameters.addAll(in.values());
            } else if (filter instanceof Filter.Range range) {
                if (range.from() != null) {
                    sql.append(" AND ").append(column).append(range.fromInclusive() ? " >= ?" : " > ?");
                    parameters.add(EventColumns.time(range.from()));
                }
                if (range.to() != null) {
                    sql.append(" AND ").append(column).append(range.toInclusive() ? " <= ?" : " < ?");
                    parameters.add(EventColumns.time(range.to()));
                }
            }
        }
    }

    /**
     * Rows strictly beyond the cursor in the walking order: (a beyond x) OR (a = x AND b beyond y) ...,
     * the form MySQL turns into index ranges.
     */
    private static void keyset(StringBuilder sql, List<Object> parameters, SortKey sort, Cursor cursor, boolean reversed) {
        int n = sort.fields().size();
        sql.append('(');
        for (int i = 0; i <= n; i++) {
            sql.append(i == 0 ? "(" : " OR (");
            for (int j = 0; j < i; j++) {
                sql.append(sort.fields().get(j).column()).append(" = ? AND ");
                parameters.add(time(cursor.values().get(j)));
            }
            boolean descending = i < n ? sort.descending().get(i) : sort.idDescending();
            String column = i < n ? sort.fields().get(i).column() : "id";
            sql.append(column).append(descending != reversed ? " < ?" : " > ?").append(')');
            parameters.add(i < n ? time(cursor.values().get(i)) : cursor.id());
        }
        sql.append(')');
    }

    private static String time(long micros) {
        Instant instant = Micros.toInstant(micros);
        return EventColumns.time(instant);
    }

    private static String direction(boolean descending, boolean reversed) {
        return descending != reversed ? " DESC" : " ASC";
    }
}
