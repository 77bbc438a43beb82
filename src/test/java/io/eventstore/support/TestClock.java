package io.eventstore.support;

import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: the real time plus an offset a test moves forward, so expiries and
 * cache lifetimes are tested without waiting (one per application context).
 */
@Singleton
@Replaces(Clock.class)
public class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozen;

    /** Back to the real time. */
    public void reset() {
        offset = Duration.ZERO;
        frozen = null;
    }

    /** Time stands still at {@code instant} until {@link #reset()}: for tests of exact stored values. */
    public void freezeAt(Instant instant) {
        frozen = instant;
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
        Instant now = frozen;
        return (now != null ? now : Instant.now()).plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service's clock is UTC");
    }
}
