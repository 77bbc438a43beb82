package io.eventstore.auth;

import io.eventstore.db.UtcMicros;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The SQL of tokens. Only the look-up by hash spans orgs: a request names no org, its token does. */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface ApiTokenRepository extends GenericRepository<ApiToken, Long> {

    // The statements are constants: the admin command runs them over plain JDBC too (admin/JdbcRepositories),
    // their named parameters bound in the order they appear.
    String COLUMNS = "org_id, id, token_hash, prefix, name, scopes, rate_limit, created_at, expires_at, revoked_at";
    String INSERT = "INSERT INTO api_token (" + COLUMNS + ") VALUES (:orgId, :id, :tokenHash, :prefix, :name, :scopes,"
            + " :rateLimit, :createdAt, :expiresAt, NULL)";
    String FIND_BY_HASH = "SELECT " + COLUMNS + " FROM api_token WHERE token_hash = :tokenHash";
    String LIST = "SELECT " + COLUMNS + " FROM api_token WHERE org_id = :orgId ORDER BY id";
    String REVOKE = "UPDATE api_token SET revoked_at = :now WHERE org_id = :orgId AND id = :id AND revoked_at IS NULL";
    String UNREVOKED_AMONG = "SELECT id FROM api_token WHERE org_id = :orgId AND id IN (:ids) AND revoked_at IS NULL";
    String COUNT_USABLE = "SELECT COUNT(*) FROM api_token WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)";

    @Query(INSERT)
    void insert(long orgId, long id, byte[] tokenHash, String prefix, String name, String scopes,
                @Nullable Integer rateLimit, @UtcMicros Instant createdAt, @Nullable @UtcMicros Instant expiresAt);

    @Query(FIND_BY_HASH)
    Optional<ApiToken> findByHash(byte[] tokenHash);

    @Query(LIST)
    List<ApiToken> list(long orgId);

    @Query(REVOKE)
    int revoke(long orgId, long id, @UtcMicros Instant now);

    @Query(UNREVOKED_AMONG)
    List<Long> unrevokedAmong(long orgId, Collection<Long> ids);

    @Query(COUNT_USABLE)
    long countUsable(@UtcMicros Instant now);
}
