package io.eventstore.auth;

/**
 * A request budget that refills continuously: {@code capacity} requests per {@code period}, all of
 * which may be spent at once (the burst) and come back at {@code capacity / period}.
 */
public final class TokenBucket {

    /** The outcome of one request, with what the X-RateLimit-* headers say. */
    public record Decision(boolean allowed, long limit, long remaining, long resetEpochSeconds, long retryAfterSeconds) {
    }

    private final long capacity;
    private final double perNano;
    private double available;
    private long updatedNanos;

    public TokenBucket(long capacity, long periodNanos, long nowNanos) {
        this.capacity = capacity;
        this.perNano = (double) capacity / periodNanos;
        this.available = capacity;
        this.updatedNanos = nowNanos;
    }

    synchronized Decision take(long nowNanos, long nowEpochMillis) {
        available = Math.min(capacity, available + (nowNanos - updatedNanos) * perNano);
        updatedNanos = nowNanos;
        boolean allowed = available >= 1;
        if (allowed) {
            available -= 1;
        }
        long untilFull = (long) Math.ceil((capacity - available) / perNano);
        long resetEpochSeconds = (long) Math.ceil((nowEpochMillis + untilFull / 1_000_000.0) / 1000.0);
        long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - available) / perNano / 1e9));
        return new Decision(allowed, capacity, (long) Math.floor(available), resetEpochSeconds, retryAfter);
    }

    /** Whether a request could be taken now (without taking it). */
    synchronized boolean hasOneAt(long nowNanos) {
        return available + (nowNanos - updatedNanos) * perNano >= 1;
    }

    /** Seconds until one request can be taken again (at least 1). */
    synchronized long secondsUntilOneAt(long nowNanos) {
        double now = Math.min(capacity, available + (nowNanos - updatedNanos) * perNano);
        return Math.max(1, (long) Math.ceil((1 - now) / perNano / 1e9));
    }

    synchronized boolean fullAt(long nowNanos) {
        return available + (nowNanos - updatedNanos) * perNano >= capacity;
    }
}
