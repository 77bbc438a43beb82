package io.eventstore.api;

import io.eventstore.event.Event;
import io.eventstore.event.EventField;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Events as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma,
 * a quote or a line break, quotes doubled), columns from the field table: {@code id}, the
 * attributes (payload as its JSON text), the relationships' ids under their names, and
 * {@code cursor}, filled on the last row of every chunk: an export resumes after it.
 * An absent value is an empty field. UTF-8, no byte order mark.
 */
final class CsvWriter {

    static final String MEDIA_TYPE = "text/csv";

    private CsvWriter() {
    }

    /** The columns written for a sparse fieldset (null: every field); the id always comes first. */
    static List<EventField> columns(Set<EventField> fields) {
        return EventField.ALL.stream().filter(field -> field == EventField.ID || fields == null || fields.contains(field)).toList();
    }

    static byte[] header(List<EventField> columns) {
        StringBuilder line = new StringBuilder();
        for (EventField column : columns) {
            line.append(column.jsonName()).append(',');
        }
        return line.append("cursor\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A chunk of rows; {@code cursor} (may be null) goes on its last row. */
    static byte[] rows(List<Event> events, List<EventField> columns, String cursor) {
        StringBuilder text = new StringBuilder(512 * events.size() + 64);
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            for (EventField column : columns) {
                field(text, value(column, event.get(column)));
                text.append(',');
            }
            if (i == events.size() - 1 && cursor != null) {
                text.append(cursor); // base64url and a dot: never quoted
            }
            text.append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String value(EventField field, Object value) {
        if (value == null) {
            return null;
        }
        return switch (field.type()) {
            case TIME -> IsoInstant.format((Instant) value);
            case EVENT_ID, BOOLEAN -> value.toString();
            case TEXT, URL, JSON_OBJECT, RELATED_ID -> (String) value;
        };
    }

    static void field(StringBuilder text, String value) {
        if (value == null) {
            return;
        }
        boolean quote = value.isEmpty(); // "" is an empty text, an empty field no value
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            text.append(value);
            return;
        }
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            text.append(c == '"' ? "\"\"" : String.valueOf(c));
        }
        text.append('"');
    }
}
