package io.eventstore.query;

import io.crnk.core.queryspec.FilterSpec;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

/**
 * Where filters, sort and keyset paging become SQL. Every statement starts with the org, so each
 * one can use an index that leads with {@code org_id}; values are always bound, never inlined.
 */
public final class EventListSql {

    public static final String COLUMNS = "org_id, id, name, event_at, created_at, updated_at, body, external_url, payload,"
            + " request_city, request_device, request_host, request_proxied, request_region,"
            + " account_id, call_id, mailing_id, opportunity_id, prospect_id, task_id, user_id";

    private EventListSql() {
    }

    /** One page: {@code limit} rows after (or, walking backwards, before) the cursor. */
    public static SqlStatement page(long orgId, List<FilterSpec> filters, SortKey sort, CursorPage page, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM event");
        String index = IndexHint.forPage(filters, sort);
        if (index != null) {
            sql.append(" FORCE INDEX (").append(index).append(')');
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

    public static SqlStatement count(long orgId, List<FilterSpec> filters) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM event");
        where(sql, parameters, orgId, filters);
        return new SqlStatement(sql.toString(), parameters);
    }

    /** Counts at most {@code limit} rows, so a count never reads more than that many index entries. */
    public static SqlStatement cappedCount(long orgId, List<FilterSpec> filters, long limit) {
        SqlStatement count = count(orgId, filters);
        List<Object> parameters = new ArrayList<>(count.parameters());
        parameters.add(limit);
        String rows = count.sql().replaceFirst("SELECT COUNT\\(\\*\\)", "SELECT 1");
        return new SqlStatement("SELECT COUNT(*) FROM (" + rows + " LIMIT ?) AS counted", parameters);
    }

    private static void where(StringBuilder sql, List<Object> parameters, long orgId, List<FilterSpec> filters) {
        sql.append(" WHERE org_id = ?");
        parameters.add(orgId);
        for (FilterSpec filter : filters) {
            FilterField field = FilterField.byPath(filter.getAttributePath());
            sql.append(" AND ").append(field.column());
            Object value = filter.getValue();
            switch (filter.getOperator().getName()) {
                case "EQ" -> in(sql, parameters, (Collection<?>) value);
                case "GE" -> compare(sql, parameters, " >= ?", value);
                case "GT" -> compare(sql, parameters, " > ?", value);
                case "LE" -> compare(sql, parameters, " <= ?", value);
                case "LT" -> compare(sql, parameters, " < ?", value);
                default -> throw new IllegalStateException("no SQL for operator " + filter.getOperator());
            }
        }
    }

    private static void in(StringBuilder sql, List<Object> parameters, Collection<?> values) {
        if (values.size() == 1) {
            sql.append(" = ?");
        } else {
            StringJoiner marks = new StringJoiner(", ", " IN (", ")");
            values.forEach(v -> marks.add("?"));
            sql.append(marks);
        }
        parameters.addAll(values);
    }

    private static void compare(StringBuilder sql, List<Object> parameters, String operator, Object value) {
        sql.append(operator);
        parameters.add(toColumn((Instant) value));
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
                parameters.add(toColumn(Micros.toInstant(cursor.values().get(j))));
            }
            boolean descending = i < n ? sort.descending().get(i) : sort.idDescending();
            String column = i < n ? sort.fields().get(i).column() : "id";
            sql.append(column).append(descending != reversed ? " < ?" : " > ?").append(')');
            parameters.add(i < n ? toColumn(Micros.toInstant(cursor.values().get(i))) : cursor.id());
        }
        sql.append(')');
    }

    private static String direction(boolean descending, boolean reversed) {
        return descending != reversed ? " DESC" : " ASC";
    }

    /** DATETIME columns hold UTC wall-clock time. */
    static LocalDateTime toColumn(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
