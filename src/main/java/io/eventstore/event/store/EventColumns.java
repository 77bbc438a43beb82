package io.eventstore.event.store;

import io.eventstore.db.SqlTime;
import io.eventstore.event.Event;
import io.eventstore.event.EventField;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.StringJoiner;

/**
 * The event table's columns as the field table gives them ({@code org_id}, then one column per
 * {@link EventField} in its order), with the one binding and the one reading of each value type.
 */
final class EventColumns {

    /** {@code org_id, id, name, ...}: every column, in the field table's order. */
    static final String LIST = "org_id, " + String.join(", ", EventField.columns());

    private EventColumns() {
    }

    /** {@code ?, ?, ...}: one mark per column of {@link #LIST}. */
    static String marks() {
        StringJoiner marks = new StringJoiner(", ");
        for (int i = 0; i <= EventField.ALL.size(); i++) {
            marks.add("?");
        }
        return marks.toString();
    }

    /** Binds every column of {@link #LIST} from {@code index} on; answers the next free index. */
    static int bindAll(PreparedStatement statement, int index, Event event) throws SQLException {
        statement.setLong(index++, event.orgId());
        for (EventField field : EventField.ALL) {
            bind(statement, index++, field, event.get(field));
        }
        return index;
    }

    static void bind(PreparedStatement statement, int index, EventField field, Object value) throws SQLException {
        switch (field.type()) {
            case EVENT_ID -> statement.setLong(index, (Long) value);
            case TEXT, URL, JSON_OBJECT, RELATED_ID -> statement.setString(index, (String) value);
            case TIME -> statement.setString(index, time((Instant) value));
            case BOOLEAN -> {
                if (value == null) {
                    statement.setNull(index, Types.BOOLEAN);
                } else {
                    statement.setBoolean(index, (Boolean) value);
                }
            }
        }
    }

    /** Reads the columns of {@link #LIST}, starting at column 1. */
    static Event read(ResultSet row) throws SQLException {
        return read(row, 1);
    }

    /** Reads the columns of {@link #LIST}, starting at column {@code first}. */
    static Event read(ResultSet row, int first) throws SQLException {
        long orgId = row.getLong(first);
        Object[] values = new Object[EventField.ALL.size()];
        int index = first + 1;
        for (EventField field : EventField.ALL) {
            values[field.ordinal()] = switch (field.type()) {
                case EVENT_ID -> row.getLong(index);
                case TEXT, URL, JSON_OBJECT, RELATED_ID -> row.getString(index);
                case TIME -> row.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                case BOOLEAN -> row.getObject(index, Boolean.class);
            };
            index++;
        }
        return new Event(orgId, values);
    }

    /** DATETIME columns hold UTC wall-clock time, bound as text to keep microseconds ({@link SqlTime}). */
    static String time(Instant instant) {
        return SqlTime.of(instant);
    }
}
