package io.eventstore.auth;

import io.eventstore.error.ApiException;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The limit on token look-ups that failed, per client address, before authentication: each
 * unknown, revoked or expired token sent from an address spends one of its
 * {@code event-store.auth.failed-lookups.budget} per {@code period} (default 60 a minute). Once they
 * are spent, tokens that are not cached are not looked up for that address (429 with
 * {@code Retry-After}) until the budget refills; valid tokens in the cache keep working. A flood of
 * made-up tokens so costs the database at most the budget per address.
 */
@Singleton
public class FailedLookups {

    /** A cap on the addresses remembered at once: beyond it the least useful (full) buckets go first. */
    private static final int MAX_ADDRESSES = 100_000;

    private final long budget;
    private final long periodNanos;
    private final ConcurrentHashMap<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();

    public FailedLookups(@Value("${event-store.auth.failed-lookups.budget:60}") long budget,
                         @Value("${event-store.auth.failed-lookups.period:1m}") Duration period) {
        this.budget = budget;
        this.periodNanos = period.toNanos();
    }

    /** Refuses a look-up from {@code address} while its failures have spent the budget. */
    public void checkAllowed(InetAddress address) {
        TokenBucket bucket = buckets.get(address);
        long now = System.nanoTime();
        if (bucket != null && !bucket.hasOneAt(now)) {
            throw ApiException.atHeader(429, "too_many_failed_authentications", "Too many requests",
                    "Too many unknown, revoked or expired tokens came from this address; retry after Retry-After seconds.",
                    "Authorization").withHeader("Retry-After", Long.toString(bucket.secondsUntilOneAt(now)));
        }
    }

    /** Spends one of the address's budget for a look-up that found no usable token. */
    public void failed(InetAddress address) {
        long now = System.nanoTime();
        if (buckets.size() >= MAX_ADDRESSES) {
            forgetFullBuckets();
        }
        buckets.computeIfAbsent(address, any -> new TokenBucket(budget, periodNanos, now)).take(now, 0);
    }

    /** A full bucket is the same as none. */
    @Scheduled(fixedDelay = "1m")
    public void forgetFullBuckets() {
        long now = System.nanoTime();
        buckets.values().removeIf(bucket -> bucket.fullAt(now));
        if (buckets.size() >= MAX_ADDRESSES) {
            buckets.clear(); // a flood from more addresses than that: forget them all rather than grow
        }
    }
}
