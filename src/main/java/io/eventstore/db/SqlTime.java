package io.eventstore.db;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Instants as the SQL text of a UTC {@code DATETIME(6)}: {@code 2026-03-01 08:15:30.123456}.
 *
 * <p>Every timestamp is bound as this text, never as a JDBC temporal value: MariaDB 10.x greets
 * clients as {@code 5.5.5-10.x}, Connector/J takes that for MySQL 5.5 (before fractional seconds)
 * and drops the microseconds of every bound {@code Timestamp}, {@code Instant} or
 * {@code LocalDateTime}. A quoted literal reaches every MySQL-family server whole and is compared
 * with {@code DATETIME} columns as a time (indexes still apply).
 */
public final class SqlTime {

    private static final DateTimeFormatter WRITE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private SqlTime() {
    }

    public static String of(Instant instant) {
        return instant == null ? null : WRITE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** Reads what {@link #of} writes, and a server's {@code DATETIME} text with any number of fraction digits. */
    public static Instant parse(String text) {
        return text == null ? null : LocalDateTime.parse(text, READ).toInstant(ZoneOffset.UTC);
    }
}
