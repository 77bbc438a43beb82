package io.eventstore.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryScheduleTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void eightAttemptsOverMoreThan24HoursEvenWithTheShortestJitter() {
        RetrySchedule shortest = new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, () -> 0.0);
        assertEquals(8, shortest.attempts());
        Instant at = T;
        for (int attempt = 1; attempt < shortest.attempts(); attempt++) {
            at = shortest.next(attempt, at);
        }
        assertNull(shortest.next(8, at));
        assertTrue(Duration.between(T, at).compareTo(Duration.ofHours(24)) > 0, Duration.between(T, at).toString());
    }

    @Test
    void eachDelayIsWithinTenPercentOfTheSchedule() {
        assertEquals(T.plusMillis(4500), new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, () -> 0.0).next(1, T));
        assertEquals(T.plusMillis(5500), new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, () -> 1.0).next(1, T));
        assertEquals(T.plus(Duration.ofMinutes(5)), new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, () -> 0.5).next(2, T));
        assertEquals(T.plus(Duration.ofHours(11)), new RetrySchedule(RetrySchedule.DEFAULT_DELAYS, () -> 1.0).next(7, T));
    }
}
