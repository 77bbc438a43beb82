package io.eventstore.ids;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ids grow, never repeat (also when the clock steps back or 4,096 are drawn in a millisecond), carry the worker. */
class IdGeneratorTest {

    /** A clock a test sets by hand. */
    private static final class HandClock extends Clock {
        long millis = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void idsGrowAndNeverRepeatWithinOneMillisecondOrWhenTheClockStepsBack() {
        HandClock clock = new HandClock();
        IdGenerator ids = new IdGenerator(5, clock);
        Set<Long> seen = new HashSet<>();
        long previous = 0;
        for (int i = 0; i < 10_000; i++) { // more than 4,096 in one millisecond: it borrows the next ones
            if (i == 6_000) {
                clock.millis -= 50; // the clock steps back
            }
            long id = ids.next();
            assertTrue(id > previous, "ids grow");
            assertTrue(seen.add(id), "ids never repeat");
            previous = id;
        }
    }

    @Test
    void anIdCarriesItsTimeAndWorker() {
        HandClock clock = new HandClock();
        long id = new IdGenerator(1023, clock).next();
        assertEquals(1023, (id >> 12) & 1023);
        assertEquals(clock.millis - IdGenerator.EPOCH_MILLIS, id >> 22);
        assertThrows(IllegalArgumentException.class, () -> new IdGenerator(1024, clock));
    }
}
