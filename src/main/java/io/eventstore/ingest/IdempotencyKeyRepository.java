package io.eventstore.ingest;

import io.eventstore.db.UtcMicros;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Optional;

/** Stored outcomes of requests with an Idempotency-Key; every statement names the org. */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface IdempotencyKeyRepository extends GenericRepository<IdempotencyRecord, IdempotencyKeyId> {

    /** Reads and locks a key; fails at once (instead of waiting) while another request holds it. */
    @Query("SELECT org_id, idem_key, request_hash, status, location, content_type, response, created_at, expires_at"
            + " FROM idempotency_key WHERE org_id = :orgId AND idem_key = :key FOR UPDATE NOWAIT")
    Optional<IdempotencyRecord> lock(long orgId, String key);

    IdempotencyRecord save(IdempotencyRecord record);

    Optional<IdempotencyRecord> findById(IdempotencyKeyId id);

    @Query("UPDATE idempotency_key SET status = :status, location = :location, content_type = :contentType,"
            + " response = :response WHERE org_id = :orgId AND idem_key = :key")
    void complete(long orgId, String key, int status, @Nullable String location, @Nullable String contentType,
                  byte[] response);

    @Query("DELETE FROM idempotency_key WHERE org_id = :orgId AND idem_key = :key")
    void remove(long orgId, String key);

    @Query("DELETE FROM idempotency_key WHERE org_id = :orgId AND expires_at < :now LIMIT 1000")
    int deleteExpired(long orgId, @UtcMicros Instant now);
}
