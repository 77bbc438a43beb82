package io.eventstore.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link TokenBucket} per token, in this instance's memory. The budget is
 * {@code event-store.rate-limit.budget} requests per {@code event-store.rate-limit.period}
 * (default 10,000 per hour), or the token's own {@code rate_limit}. {@link #take} runs on the event
 * loop and does constant work; idle buckets are forgotten by a background sweep.
 */
@Singleton
public class RateLimiter {

    private final long defaultBudget;
    private final long periodNanos;
    private final Clock clock;
    private final ConcurrentHashMap<Long, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(@Value("${event-store.rate-limit.budget:10000}") long defaultBudget,
                       @Value("${event-store.rate-limit.period:1h}") Duration period, Clock clock) {
        if (defaultBudget < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("event-store.rate-limit needs a budget >= 1 and a positive period");
        }
        this.defaultBudget = defaultBudget;
        this.periodNanos = period.toNanos();
        this.clock = clock;
    }

    public TokenBucket.Decision take(Caller caller) {
        long now = System.nanoTime(); // a monotonic clock for the refill; the wall clock only for the reset header
        long budget = caller.rateLimit() != null ? caller.rateLimit() : defaultBudget;
        TokenBucket bucket = buckets.computeIfAbsent(caller.tokenId(), id -> new TokenBucket(budget, periodNanos, now));
        return bucket.take(now, clock.millis());
    }

    /** A full bucket is the same as no bucket: dropping those keeps memory bounded by the active tokens. */
    @Scheduled(fixedDelay = "${event-store.rate-limit.sweep-interval:1m}")
    public int forgetIdleBuckets() {
        long now = System.nanoTime();
        int before = buckets.size();
        buckets.values().removeIf(bucket -> bucket.fullAt(now));
        return before - buckets.size();
    }
}
