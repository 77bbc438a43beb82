package io.eventstore.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token bucket and the limiter's sweep, without a server. */
class TokenBucketTest {

    private static final long HOUR = Duration.ofHours(1).toNanos();

    @Test
    void theWholeBudgetMaySpendAtOnceAndRefillsContinuously() {
        TokenBucket bucket = new TokenBucket(3, HOUR, 0);
        for (int i = 2; i >= 0; i--) {
            TokenBucket.Decision decision = bucket.take(0, 0);
            assertTrue(decision.allowed());
            assertEquals(i, decision.remaining());
            assertEquals(3, decision.limit());
        }
        TokenBucket.Decision refused = bucket.take(0, 0);
        assertFalse(refused.allowed());
        assertEquals(1200, refused.retryAfterSeconds(), "one request every 20 minutes comes back");
        assertEquals(3600, refused.resetEpochSeconds(), "full again an hour later");
        assertTrue(bucket.take(HOUR / 3 + 1_000_000, 0).allowed(), "a third of the period refills one request");
        assertFalse(bucket.fullAt(HOUR / 3 + 1_000_000));
        assertTrue(bucket.fullAt(2 * HOUR));
    }

    @Test
    void theSweepForgetsFullBucketsOnly() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        RateLimiter instant = new RateLimiter(5, Duration.ofNanos(1), clock); // refills at once: full again right away
        instant.take(new Caller(1, 10, EnumSet.of(Scope.READ), null, null));
        assertEquals(1, instant.forgetIdleBuckets());

        RateLimiter hourly = new RateLimiter(5, Duration.ofHours(1), clock);
        Caller caller = new Caller(1, 11, EnumSet.of(Scope.READ), null, null);
        hourly.take(caller);
        assertEquals(0, hourly.forgetIdleBuckets(), "a bucket that is refilling is kept");
        assertEquals(3, hourly.take(caller).remaining(), "and goes on where it was");
    }
}
