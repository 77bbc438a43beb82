package io.eventstore.db;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Runs a write transaction again when the database rolled it back to be retried: a deadlock, a
 * Galera certification conflict at commit, a serialization failure, or a key claimed meanwhile
 * ({@link RetryableConflict}). Safe because nothing of a rolled-back transaction was kept; never
 * used for a failure whose outcome is unknown (a connection lost at commit), which goes back to the
 * client as a 503 instead. The last failure is thrown when the attempts run out.
 *
 * <p>Wrap the whole transaction, never a part of one: a statement of a transaction that already
 * failed cannot be repeated inside it.
 */
@Singleton
public class TransactionRetry {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionRetry.class);

    private final int retries;
    private final LongAdder retried = new LongAdder();

    public TransactionRetry(@Value("${event-store.db.conflict-retries:5}") int retries) {
        this.retries = retries;
    }

    public <T> T run(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (attempt > retries || !(e instanceof RetryableConflict || SqlErrors.rolledBackToRetry(e))) {
                    throw e;
                }
                retried.increment();
                LOG.debug("transaction rolled back by a conflict, attempt {} of {}: {}", attempt, retries + 1, e.toString());
                pause(attempt);
            }
        }
    }

    /** How many transactions ran again since the start (for tests and, later, metrics). */
    public long retried() {
        return retried.sum();
    }

    /** A short random wait that grows with the attempt (1-4 ms, then 2-8, ...): two conflicting writers drift apart. */
    private static void pause(int attempt) {
        long bound = 4L << Math.min(attempt - 1, 5);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound / 4, bound + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a transaction", interrupted);
        }
    }
}
