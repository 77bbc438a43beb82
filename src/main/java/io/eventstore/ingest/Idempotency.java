package io.eventstore.ingest;

import io.eventstore.jsonapi.ApiException;
import io.eventstore.jsonapi.ApiRequest;
import io.eventstore.jsonapi.ApiResponse;
import io.eventstore.jsonapi.RetryGuard;
import io.eventstore.auth.Caller;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.DefaultTransactionDefinition;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Makes a write safe to retry. The key's row and the events are written in one transaction: the
 * row is inserted first (its lock marks the key as in progress), the request runs, and its answer is
 * stored only when it succeeded. A failed request rolls everything back, key included, so the
 * client can fix it and retry; a crash leaves neither events without a key nor a key without events.
 */
@Singleton
public class Idempotency implements RetryGuard {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    // MySQL's ER_LOCK_NOWAIT, MariaDB's lock wait timeout (its NOWAIT answer), and a deadlock
    private static final int[] LOCKED = {3572, 1205, 1213};
    private static final int DUPLICATE_KEY = 1062;

    // no gap locks: two first requests with one key queue on the key's row instead of deadlocking
    private static final TransactionDefinition READ_COMMITTED = readCommitted();

    private final IdempotencyKeyRepository keys;
    private final TransactionOperations<Connection> transactions;
    private final Duration ttl;

    public Idempotency(IdempotencyKeyRepository keys, TransactionOperations<Connection> transactions,
                       @Value("${event-store.idempotency.ttl:24h}") Duration ttl) {
        this.keys = keys;
        this.transactions = transactions;
        this.ttl = ttl;
    }

    public static void checkKey(String key) {
        if (!VALID_KEY.matcher(key).matches()) {
            throw ApiException.atHeader(400, "invalid_idempotency_key", "Invalid Idempotency-Key",
                    "Idempotency-Key takes 1 to 255 visible ASCII characters.", HEADER);
        }
    }

    /** Runs {@code write} once per key: later requests with the key get its stored answer. */
    @Override
    public ApiResponse run(ApiRequest request, Supplier<ApiResponse> write) {
        checkKey(request.idempotencyKey());
        long orgId = Caller.current().org();
        byte[] fingerprint = fingerprint(request);
        try {
            return transactions.execute(READ_COMMITTED, status -> {
                Optional<ApiResponse> earlier = earlierAnswer(orgId, request.idempotencyKey(), fingerprint);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                keys.save(new IdempotencyRecord(new IdempotencyKeyId(orgId, request.idempotencyKey()), fingerprint,
                        0, null, new byte[0], now, now.plus(ttl)));
                ApiResponse answer = write.get();
                if (answer.status() >= 400) {
                    status.setRollbackOnly(); // nothing of a failed request is kept, not even its key
                    return answer;
                }
                afterWrite(request);
                keys.complete(orgId, request.idempotencyKey(), answer.status(), answer.headers().get("Location"),
                        answer.body() == null ? new byte[0] : answer.body());
                return answer;
            });
        } catch (DataAccessException e) {
            if (hasErrorCode(e, LOCKED) || hasErrorCode(e, DUPLICATE_KEY)) {
                throw inProgress();
            }
            throw e;
        }
    }

    /** Runs between the write and the storing of its answer; tests use it to fail right there. */
    protected void afterWrite(ApiRequest request) {
        // nothing in production
    }

    private Optional<ApiResponse> earlierAnswer(long orgId, String key, byte[] fingerprint) {
        Optional<IdempotencyRecord> stored = keys.lock(orgId, key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        IdempotencyRecord record = stored.get();
        if (record.expiresAt().isBefore(Instant.now())) {
            keys.remove(orgId, key); // expired but not swept yet: the key is free again
            return Optional.empty();
        }
        if (!Arrays.equals(record.requestHash(), fingerprint)) {
            throw ApiException.atHeader(422, "idempotency_key_reused", "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request; use a new key for a new request.", HEADER);
        }
        Map<String, String> headers = new HashMap<>();
        headers.put(REPLAYED, "true");
        if (record.location() != null) {
            headers.put("Location", record.location());
        }
        return Optional.of(new ApiResponse(record.status(), headers, record.response().length == 0 ? null : record.response()));
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

    /** What makes two requests the same: method, path, query and body. */
    private static byte[] fingerprint(ApiRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.method() + "\n" + request.path() + "\n" + request.parameters() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            if (request.body() != null) {
                digest.update(request.body());
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasErrorCode(Throwable e, int... codes) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (int code : codes) {
                    if (sql.getErrorCode() == code) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
