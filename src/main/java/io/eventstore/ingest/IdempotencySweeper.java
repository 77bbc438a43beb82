package io.eventstore.ingest;

import io.eventstore.auth.OrgRepository;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Deletes expired idempotency keys in small batches, org by org, in the background. The orgs come
 * from the small {@code org} table, not from the keys: on a database sharded by org (Vitess) that is
 * one unsharded read, then one single-shard delete per org, instead of a scatter over every shard.
 */
@Singleton
public class IdempotencySweeper {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencySweeper.class);
    private static final int BATCH = 1000;

    private final IdempotencyKeyRepository keys;
    private final OrgRepository orgs;
    private final Clock clock;

    public IdempotencySweeper(IdempotencyKeyRepository keys, OrgRepository orgs, Clock clock) {
        this.clock = clock;
        this.keys = keys;
        this.orgs = orgs;
    }

    @Scheduled(fixedDelay = "${event-store.idempotency.sweep-interval:10m}", initialDelay = "1m")
    public void sweep() {
        sweep(clock.instant());
    }

    /** Sweeps keys that expired before {@code now}; answers how many were deleted. */
    public int sweep(Instant now) {
        int deleted = 0;
        for (long org : orgs.ids()) {
            int batch;
            do {
                batch = keys.deleteExpired(org, now);
                deleted += batch;
            } while (batch == BATCH);
        }
        if (deleted > 0) {
            LOG.info("swept {} expired idempotency keys", deleted);
        }
        return deleted;
    }
}
