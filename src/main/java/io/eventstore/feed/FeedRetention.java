package io.eventstore.feed;

import io.eventstore.db.TransactionRetry;
import io.eventstore.event.store.ChangeStore;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Deletes changes older than the retention (default 7 days) in bounded batches, org by org, oldest
 * positions first; each org's feed remembers how far it got, and a stream asked to resume before
 * that is answered 410.
 */
@Singleton
public class FeedRetention {

    private static final Logger LOG = LoggerFactory.getLogger(FeedRetention.class);

    private final ChangeStore changes;
    private final TransactionOperations<Connection> transactions;
    private final TransactionRetry retry;
    private final Clock clock;
    private final Duration retention;
    private final int batch;

    public FeedRetention(ChangeStore changes, TransactionOperations<Connection> transactions, TransactionRetry retry,
                         Clock clock,
                         @Value("${event-store.feed.retention:7d}") Duration retention,
                         @Value("${event-store.feed.sweep-batch:1000}") int batch) {
        this.changes = changes;
        this.transactions = transactions;
        this.retry = retry;
        this.clock = clock;
        this.retention = retention;
        this.batch = batch;
    }

    public Duration retention() {
        return retention;
    }

    @Scheduled(fixedDelay = "${event-store.feed.sweep-interval:5m}", initialDelay = "1m")
    public int sweep() {
        return sweep(clock.instant().minus(retention));
    }

    /** Deletes every change made before {@code cutoff}; answers how many. */
    @Connectable
    public int sweep(Instant cutoff) {
        int deleted = 0;
        for (Map.Entry<Long, ChangeStore.FeedState> feed : changes.allStates().entrySet()) {
            long org = feed.getKey();
            long swept = feed.getValue().sweptThrough();
            while (true) {
                List<ChangeStore.Aged> oldest = changes.oldest(org, swept, batch);
                long through = swept;
                for (ChangeStore.Aged change : oldest) {
                    if (!change.changedAt().isBefore(cutoff)) {
                        break;
                    }
                    through = change.position();
                }
                if (through == swept) {
                    break;
                }
                long from = swept;
                long to = through;
                deleted += retry.run(() -> transactions.executeWrite(status -> changes.sweep(org, from, to)));
                swept = through;
            }
        }
        if (deleted > 0) {
            LOG.info("swept {} changes older than {} from the change feed", deleted, retention);
        }
        return deleted;
    }
}
