package io.eventstore.ingest;

import io.eventstore.db.UtcMicros;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Optional;

/**
 * Stored outcomes of requests with an Idempotency-Key; every statement names the org. The keyed write
 * path's own statements are {@link IdempotencyRows}.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface IdempotencyKeyRepository extends GenericRepository<IdempotencyRecord, IdempotencyKeyId> {

    IdempotencyRecord save(IdempotencyRecord record);

    Optional<IdempotencyRecord> findById(IdempotencyKeyId id);

    @Query("DELETE FROM idempotency_key WHERE org_id = :orgId AND idem_key = :key")
    void remove(long orgId, String key);

    @Query("DELETE FROM idempotency_key WHERE org_id = :orgId AND expires_at < :now LIMIT 1000")
    int deleteExpired(long orgId, @UtcMicros Instant now);
}
