package io.eventstore.event.query;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as the microseconds since the epoch that DATETIME(6) columns and cursors keep. */
public final class Micros {

    private Micros() {
    }

    public static long of(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    public static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
