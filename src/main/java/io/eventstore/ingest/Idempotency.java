package io.eventstore.ingest;

import io.eventstore.db.RetryableConflict;
import io.eventstore.db.SqlErrors;
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
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Makes a write safe to retry. The key's row and the events are written in one transaction: the
 * row is inserted first (its lock marks the key as in progress), the request runs, and its answer is
 * stored only when it succeeded. A refused request rolls everything back, key included, so the
 * client can fix it and retry; a crash leaves neither events without a key nor a key without events.
 */
@Singleton
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    // no gap locks: two first requests with one key queue on the key's row instead of deadlocking (the
    // pool's own level; said here too, so that a pool configured otherwise cannot bring the deadlocks back)
    private static final TransactionDefinition READ_COMMITTED = readCommitted();

    /** An answer and whether it is a replay of an earlier one. */
    public record Outcome(StoredAnswer answer, boolean replayed) {
    }

    private final IdempotencyKeyRepository keys;
    private final IdempotencyRows rows;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final Duration ttl;

    protected Idempotency(IdempotencyKeyRepository keys, IdempotencyRows rows, TransactionOperations<Connection> transactions, Clock clock,
                @Value("${event-store.idempotency.ttl:24h}") Duration ttl) {
        this.keys = keys;
        this.rows = rows;
        this.transactions = transactions;
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
     * One transaction: run it inside a {@code TransactionRetry}.
     */
    public Outcome run(long orgId, String key, byte[] fingerprint, Supplier<StoredAnswer> write) {
        checkKey(key);
        return transactions.execute(READ_COMMITTED, status -> {
            Optional<StoredAnswer> earlier = earlierAnswer(orgId, key, fingerprint);
            if (earlier.isPresent()) {
                return new Outcome(earlier.get(), true);
            }
            claim(orgId, key, fingerprint);
            StoredAnswer answer = write.get();
            afterWrite(key);
            rows.complete(orgId, key, answer);
            return new Outcome(answer, false);
        });
    }

    /** Runs between the write and the storing of its answer; tests use it to fail right there. */
    protected void afterWrite(String key) {
        // nothing in production
    }

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
            keys.remove(orgId, key); // expired but not swept yet: the key is free again
            return Optional.empty();
        }
        if (!Arrays.equals(record.requestHash(), fingerprint)) {
            throw ApiException.atHeader(422, "idempotency_key_reused", "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request; use a new key for a new request.", HEADER);
        }
        return Optional.of(record.answer());
    }

    /**
     * Inserts the key's row. A concurrent first request that inserted it already makes this one wait
     * for it to end: when it committed, the duplicate sends this transaction round again
     * ({@link RetryableConflict}), to find the stored answer and replay it; when it rolled back, the
     * insert goes through. A deadlock (on a cluster: two nodes claimed the key at once) is retried
     * the same way, by the caller's {@code TransactionRetry}.
     */
    private void claim(long orgId, String key, byte[] fingerprint) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            rows.claim(orgId, key, fingerprint, now, now.plus(ttl));
        } catch (DataAccessException e) {
            if (SqlErrors.hasCode(e, SqlErrors.DUPLICATE_KEY)) {
                throw new RetryableConflict("idempotency key claimed meanwhile", e);
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
