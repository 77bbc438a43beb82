package io.eventstore.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: after each failed attempt the next delay of the schedule,
 * give or take 10% (jitter, so that a receiver back from an outage is not hit by every delivery at
 * once); after the last one the delivery has failed. The default (5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h: eight attempts over about 27.6 hours, at least 24.8 with the jitter) is the
 * schedule of the Standard Webhooks reference implementations.
 */
public final class RetrySchedule {

    public static final List<Duration> DEFAULT_DELAYS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    static final double JITTER = 0.10;

    private final List<Duration> delays;
    private final DoubleSupplier random;

    public RetrySchedule(List<Duration> delays, DoubleSupplier random) {
        this.delays = List.copyOf(delays);
        this.random = random;
    }

    /** How many attempts a delivery gets in all. */
    public int attempts() {
        return delays.size() + 1;
    }

    /** When to try again after the {@code attempt}-th attempt (1-based) failed at {@code failedAt}; null: no more attempts. */
    public Instant next(int attempt, Instant failedAt) {
        if (attempt < 1 || attempt > delays.size()) {
            return null;
        }
        long millis = delays.get(attempt - 1).toMillis();
        long jitter = Math.round(millis * JITTER * (2 * random.getAsDouble() - 1));
        return failedAt.plusMillis(millis + jitter);
    }
}
