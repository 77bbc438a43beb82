package io.eventstore.db;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SqlTimeTest {

    @Test
    void writesSixFractionDigitsInUtc() {
        assertEquals("2026-03-01 08:15:30.123456", SqlTime.of(Instant.parse("2026-03-01T08:15:30.123456Z")));
        assertEquals("2026-03-01 08:15:30.000000", SqlTime.of(Instant.parse("2026-03-01T08:15:30Z")));
        assertEquals("1970-01-01 00:00:00.000001", SqlTime.of(Instant.parse("1970-01-01T00:00:00.000001Z")));
        assertNull(SqlTime.of(null));
    }

    @Test
    void readsWhatServersWrite() {
        assertEquals(Instant.parse("2026-03-01T08:15:30.123456Z"), SqlTime.parse("2026-03-01 08:15:30.123456"));
        assertEquals(Instant.parse("2026-03-01T08:15:30Z"), SqlTime.parse("2026-03-01 08:15:30"));
        assertEquals(Instant.parse("2026-03-01T08:15:30.100Z"), SqlTime.parse("2026-03-01 08:15:30.1"));
        assertNull(SqlTime.parse(null));
    }
}
