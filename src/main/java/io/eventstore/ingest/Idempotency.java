package io.eventstore.ingest;

import io.eventstore.db.RetryableConflict;
import io.eventstore.db.SqlErrors;
import io.eventstore.db.TransactionRetry;
import io.eventstore.error.ApiException;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.DefaultTransactionDefinition;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Makes a write safe to retry. The events and the key's row, answer included, are written in one
 * transaction, the key's row last: a first request costs one statement more than one without a key.
 * A refused request rolls everything back, so the client can fix it and retry; a crash leaves neither
 * events without a key nor a key without events.
 *
 * <p>When the key's row is there already, the insert fails as a duplicate, the whole transaction
 * (its events too) rolls back and runs again, this time reading the row first: its answer is
 * replayed. A concurrent request with the same key therefore waits only for the other's commit
 * (its row is written just before it) and gets the other's answer; should its row still be locked
 * when this one reads it, the answer is 409 {@code idempotency_key_in_use}.
 */
@Singleton
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    // no gap locks: requests with keys in one gap of the key index queue on rows instead of deadlocking
    // (the pool's own level; said here too, so that a pool configured otherwise cannot bring them back)
    private static final TransactionDefinition READ_COMMITTED = readCommitted();

    /** An answer and whether it is a replay of an earlier one. */
    public record Outcome(StoredAnswer answer, boolean replayed) {
    }

    private final IdempotencyKeyRepository keys;
    private final IdempotencyRows rows;
    private final TransactionOperations<Connection> transactions;
    private final TransactionRetry retry;
    private final Clock clock;
    private final Duration ttl;

    protected Idempotency(IdempotencyKeyRepository keys, IdempotencyRows rows, TransactionOperations<Connection> transactions,
                          TransactionRetry retry, Clock clock, @Value("${event-store.idempotency.ttl:24h}") Duration ttl) {
        this.keys = keys;
        this.rows = rows;
        this.transactions = transactions;
        this.retry = retry;
        this.clock = clock;
        this.ttl = ttl;
    }

    public static void checkKey(String key) {
        if (!VALID_KEY.matcher(key).matches()) {
            throw ApiException.atHeader(400, "invalid_idempotency_key", "Invalid Idempotency-Key",
                    "Idempotency-Key takes 1 to 255 visible ASCII characters.", HEADER);
        }
    }

    /**
     * Runs {@code write} once per key of the org: later requests with the key and the same
     * {@code fingerprint} get its stored answer. A refusal thrown by {@code write} keeps nothing.
     * One transaction, run again on a conflict (here, not by the caller: a rerun after a duplicate
     * key reads the key's row first).
     */
    public Outcome run(long orgId, String key, byte[] fingerprint, Supplier<StoredAnswer> write) {
        checkKey(key);
        AtomicBoolean keyTaken = new AtomicBoolean();
        return retry.run(() -> transactions.execute(READ_COMMITTED, status -> {
            if (keyTaken.get()) {
                Optional<StoredAnswer> earlier = earlierAnswer(orgId, key, fingerprint);
                if (earlier.isPresent()) {
                    return new Outcome(earlier.get(), true);
                }
            }
            StoredAnswer answer = write.get();
            afterWrite(key);
            store(orgId, key, fingerprint, answer, keyTaken);
            return new Outcome(answer, false);
        }));
    }

    /** Runs between the write and the storing of its answer; tests use it to fail right there. */
    protected void afterWrite(String key) {
        // nothing in production
    }

    /** The key's row as stored, unless it expired (then it is deleted: the key is free again). */
    private Optional<StoredAnswer> earlierAnswer(long orgId, String key, byte[] fingerprint) {
        Optional<IdempotencyRows.Stored> stored;
        try {
            stored = rows.lock(orgId, key);
        } catch (DataAccessException e) {
            if (SqlErrors.hasCode(e, SqlErrors.LOCK_NOWAIT, SqlErrors.LOCK_WAIT_TIMEOUT)) {
                throw inProgress(); // another request holds the key's row
            }
            throw e;
        }
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        IdempotencyRows.Stored record = stored.get();
        if (record.expiresAt().isBefore(clock.instant())) {
            keys.remove(orgId, key); // expired but not swept yet
            return Optional.empty();
        }
        if (!Arrays.equals(record.requestHash(), fingerprint)) {
            throw ApiException.atHeader(422, "idempotency_key_reused", "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request; use a new key for a new request.", HEADER);
        }
        return Optional.of(record.answer());
    }

    /**
     * Inserts the key's row with the answer. A row of the key already there (committed, or being
     * committed by a concurrent request: the insert waits for it) sends the transaction round again
     * ({@link RetryableConflict}), to read it; a deadlock (on a cluster: two nodes stored the key at
     * once) runs it again too.
     */
    private void store(long orgId, String key, byte[] fingerprint, StoredAnswer answer, AtomicBoolean keyTaken) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            rows.insert(orgId, key, fingerprint, answer, now, now.plus(ttl));
        } catch (DataAccessException e) {
            if (SqlErrors.hasCode(e, SqlErrors.DUPLICATE_KEY)) {
                keyTaken.set(true);
                throw new RetryableConflict("idempotency key stored meanwhile", e);
            }
            if (SqlErrors.hasCode(e, SqlErrors.LOCK_WAIT_TIMEOUT)) {
                throw inProgress();
            }
            throw e;
        }
    }

    private static TransactionDefinition readCommitted() {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.Isolation.READ_COMMITTED);
        return definition;
    }

    private static ApiException inProgress() {
        return ApiException.atHeader(409, "idempotency_key_in_use", "Request in progress",
                "A request with this Idempotency-Key is still being processed; retry later.", HEADER);
    }
}
