package io.eventstore.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The writer's instant format is exactly Instant.toString(), which crnk's documents use. */
class IsoInstantTest {

    @Test
    void writesWhatInstantToStringWrites() {
        SplittableRandom random = new SplittableRandom(20261124);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long end = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(first - 86_400L * 800, end + 86_400L * 800);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(instant.toString(), IsoInstant.format(instant));
        }
    }

    @Test
    void edgesOfTheFastPath() {
        for (String text : new String[]{"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z",
                "-0001-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.000001Z", "2000-02-29T12:00:00.100Z",
                "2100-03-01T00:00:00.010Z", "2026-11-24T04:00:59.123456Z"}) {
            Instant instant = Instant.parse(text);
            assertEquals(instant.toString(), IsoInstant.format(instant), text);
        }
    }
}
