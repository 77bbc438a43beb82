package io.eventstore.ingest;

import io.eventstore.db.SqlTime;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The statements of a keyed write on its key's row (store it with the answer; read it when it was
 * there already), as plain prepared statements in the caller's transaction: on the keyed single
 * post, the repository's binding and mapping took a fifth of the service's time
 * (docs/benchmarks.md#lean-and-fast). The rest of the table's use (sweeping, tests) goes through
 * {@link IdempotencyKeyRepository}.
 */
@Singleton
public class IdempotencyRows {

    private static final String LOCK = "SELECT request_hash, status, location, content_type, response, expires_at"
            + " FROM idempotency_key WHERE org_id = ? AND idem_key = ? FOR UPDATE NOWAIT";
    private static final String INSERT = "INSERT INTO idempotency_key (org_id, idem_key, request_hash, status, location,"
            + " content_type, response, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** A key's row as a later request reads it. */
    record Stored(byte[] requestHash, StoredAnswer answer, Instant expiresAt) {
    }

    private final JdbcOperations jdbc;

    IdempotencyRows(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Reads and locks a key's row; fails at once (instead of waiting) while another transaction holds it. */
    Optional<Stored> lock(long orgId, String key) {
        return jdbc.prepareStatement(LOCK, select -> {
            select.setLong(1, orgId);
            select.setString(2, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                byte[] body = row.getBytes(5);
                return Optional.of(new Stored(row.getBytes(1),
                        new StoredAnswer(row.getInt(2), row.getString(3), row.getString(4), body.length == 0 ? null : body),
                        row.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
            }
        });
    }

    /**
     * Inserts the key's row with the answer of its request. The body (JSON, UTF-8) goes as text: the
     * driver would send bytes as hex, escaped byte by byte.
     */
    void insert(long orgId, String key, byte[] requestHash, StoredAnswer answer, Instant now, Instant expiresAt) {
        jdbc.prepareStatement(INSERT, insert -> {
            insert.setLong(1, orgId);
            insert.setString(2, key);
            insert.setBytes(3, requestHash);
            insert.setInt(4, answer.status());
            insert.setString(5, answer.location());
            insert.setString(6, answer.contentType());
            insert.setString(7, answer.body() == null ? "" : new String(answer.body(), StandardCharsets.UTF_8));
            insert.setString(8, SqlTime.of(now));
            insert.setString(9, SqlTime.of(expiresAt));
            return insert.executeUpdate();
        });
    }
}
