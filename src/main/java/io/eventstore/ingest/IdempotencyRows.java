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
 * The three statements every keyed write runs on its key's row (lock, claim, store the answer), as
 * plain prepared statements in the caller's transaction: on the keyed single post, the repository's
 * binding and mapping took a fifth of the service's time (docs/benchmarks.md#lean-and-fast). The rest
 * of the table's use (sweeping, tests) goes through {@link IdempotencyKeyRepository}.
 */
@Singleton
public class IdempotencyRows {

    private static final String LOCK = "SELECT request_hash, status, location, content_type, response, expires_at"
            + " FROM idempotency_key WHERE org_id = ? AND idem_key = ? FOR UPDATE NOWAIT";
    private static final String CLAIM = "INSERT INTO idempotency_key (org_id, idem_key, request_hash, status, location,"
            + " content_type, response, created_at, expires_at) VALUES (?, ?, ?, 0, NULL, NULL, '', ?, ?)";
    private static final String COMPLETE = "UPDATE idempotency_key SET status = ?, location = ?, content_type = ?,"
            + " response = ? WHERE org_id = ? AND idem_key = ?";

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

    /** Inserts the key's row, in progress (status 0) until {@link #complete}. */
    void claim(long orgId, String key, byte[] requestHash, Instant now, Instant expiresAt) {
        jdbc.prepareStatement(CLAIM, insert -> {
            insert.setLong(1, orgId);
            insert.setString(2, key);
            insert.setBytes(3, requestHash);
            insert.setString(4, SqlTime.of(now));
            insert.setString(5, SqlTime.of(expiresAt));
            return insert.executeUpdate();
        });
    }

    /** Stores the answer on the key's row. The body (JSON, UTF-8) goes as text: the driver would send bytes as hex. */
    void complete(long orgId, String key, StoredAnswer answer) {
        jdbc.prepareStatement(COMPLETE, update -> {
            update.setInt(1, answer.status());
            update.setString(2, answer.location());
            update.setString(3, answer.contentType());
            update.setString(4, answer.body() == null ? "" : new String(answer.body(), StandardCharsets.UTF_8));
            update.setLong(5, orgId);
            update.setString(6, key);
            return update.executeUpdate();
        });
    }
}
