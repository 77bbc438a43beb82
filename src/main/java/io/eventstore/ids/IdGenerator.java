package io.eventstore.ids;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * 64-bit ids made in memory, without a database round trip, unique across service instances:
 * 41 bits of milliseconds since 2024-01-01 (good until 2093), 10 bits of worker id, 12 bits of
 * sequence (4,096 ids per millisecond and worker). Ids grow with time, which keeps inserts at the
 * end of the primary key.
 *
 * <p>Instances must not share a worker id. Give each one its own
 * ({@code EVENT_STORE_IDS_WORKER_ID}, 0..1023); without it a random one is drawn at start-up,
 * and the primary key still refuses the rare duplicate (the insert is then retried with a new id).
 */
@Singleton
public class IdGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(IdGenerator.class);
    static final long EPOCH_MILLIS = 1_704_067_200_000L;
    private static final int WORKER_BITS = 10;
    private static final int SEQUENCE_BITS = 12;
    private static final long MAX_WORKER = (1L << WORKER_BITS) - 1;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

    private final long workerId;
    private final Clock clock;
    private long lastMillis = -1;
    private long sequence;

    @Inject
    public IdGenerator(@Value("${event-store.ids.worker-id:-1}") long configuredWorkerId, Clock clock) {
        this.clock = clock;
        if (configuredWorkerId > MAX_WORKER) {
            throw new IllegalArgumentException("event-store.ids.worker-id must be between 0 and " + MAX_WORKER);
        }
        this.workerId = configuredWorkerId >= 0 ? configuredWorkerId : new SecureRandom().nextInt((int) MAX_WORKER + 1);
        LOG.info("event ids use worker id {}{}", workerId, configuredWorkerId >= 0 ? "" : " (drawn at random)");
    }

    /** A generator on the system clock (tools and benchmarks outside the service). */
    public IdGenerator(long workerId) {
        this(workerId, Clock.systemUTC());
    }

    public synchronized long next() {
        long now = Math.max(clock.millis(), lastMillis); // a clock that steps back must not repeat ids
        if (now == lastMillis) {
            sequence = (sequence + 1) & SEQUENCE_MASK;
            if (sequence == 0) {
                now = lastMillis + 1; // 4,096 ids in one millisecond: borrow the next one
            }
        } else {
            sequence = 0;
        }
        lastMillis = now;
        return ((now - EPOCH_MILLIS) << (WORKER_BITS + SEQUENCE_BITS)) | (workerId << SEQUENCE_BITS) | sequence;
    }
}
