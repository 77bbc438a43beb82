package io.eventstore.support;

import io.eventstore.db.TransactionRetry;
import io.eventstore.ingest.Idempotency;
import io.eventstore.ingest.IdempotencyKeyRepository;
import io.eventstore.ingest.IdempotencyRows;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;

/**
 * A fault injected right after a keyed write, before its answer is stored, for keys that start with
 * {@code explode-} (an IllegalArgumentException for {@code explode-iae-}, an IllegalStateException
 * otherwise); every other key is served as in production. On in the test environment.
 */
@Singleton
@Replaces(Idempotency.class)
@Requires(property = "test.fail-after-write", value = "true")
public class FailingIdempotency extends Idempotency {

    FailingIdempotency(IdempotencyKeyRepository keys, IdempotencyRows rows, TransactionOperations<Connection> transactions,
                       TransactionRetry retry, Clock clock, @Value("${event-store.idempotency.ttl:24h}") Duration ttl) {
        super(keys, rows, transactions, retry, clock, ttl);
    }

    @Override
    protected void afterWrite(String key) {
        if (key.startsWith("explode-iae-")) {
            throw new IllegalArgumentException("injected fault of an argument after the write");
        }
        if (key.startsWith("explode-")) {
            throw new IllegalStateException("injected fault after the write");
        }
    }
}
