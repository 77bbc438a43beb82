package io.eventstore.auth;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link TokenBucket} per token, in this instance's memory. The budget is
 * {@code event-store.rate-limit.budget} requests per {@code event-store.rate-limit.period}
 * (default 10,000 per hour), or the token's own {@code rate_limit}.
 */
@Singleton
public class RateLimiter {

    private static final int MAX_BUCKETS = 100_000;

    private final long defaultBudget;
    private final long periodNanos;
    private final ConcurrentHashMap<Long, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(@Value("${event-store.rate-limit.budget:10000}") long defaultBudget,
                       @Value("${event-store.rate-limit.period:1h}") Duration period) {
        if (defaultBudget < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("event-store.rate-limit needs a budget >= 1 and a positive period");
        }
        this.defaultBudget = defaultBudget;
        this.periodNanos = period.toNanos();
    }

    public TokenBucket.Decision take(Caller caller) {
        long now = System.nanoTime();
        long budget = caller.rateLimit() != null ? caller.rateLimit() : defaultBudget;
        TokenBucket bucket = buckets.get(caller.tokenId());
        if (bucket == null) {
            forgetIdleBuckets(now);
            bucket = buckets.computeIfAbsent(caller.tokenId(), id -> new TokenBucket(budget, periodNanos, now));
        }
        return bucket.take(now, System.currentTimeMillis());
    }

    /** A full bucket is the same as no bucket: dropping those keeps memory bounded by the active tokens. */
    private void forgetIdleBuckets(long now) {
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.values().removeIf(bucket -> bucket.fullAt(now));
        }
    }
}
