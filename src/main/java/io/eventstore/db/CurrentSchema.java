package io.eventstore.db;

import io.eventstore.db.PackagedMigrations.Migration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The start's fast path: a schema whose history already holds exactly the packaged migrations
 * (same versions, descriptions and checksums, each applied with success) while no instance holds
 * the migration lock has nothing to migrate and nothing for Flyway's validation to refuse. Two
 * SELECTs say so, instead of taking the lock (a write) and loading Flyway. Anything else (a new or
 * older schema, a failed or edited migration, a version this jar does not know, a migration in
 * progress, a history this check cannot read) goes the whole way through {@link SchemaMigrations}.
 */
final class CurrentSchema {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentSchema.class);
    private static final String HISTORY = "SELECT version, description, type, checksum, success FROM flyway_schema_history";
    private static final String LIVE_LOCK = "SELECT COUNT(*) FROM schema_lock WHERE expires_at > UTC_TIMESTAMP(6)";

    private CurrentSchema() {
    }

    /** True only when the schema is certainly at the packaged migrations; false when unsure. */
    static boolean holds(DataSource dataSource) {
        List<Migration> packaged = PackagedMigrations.read().orElse(null);
        if (packaged == null || packaged.isEmpty()) {
            return false;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            return historyMatches(statement, packaged) && noLiveLock(statement);
        } catch (SQLException e) {
            LOG.debug("schema history not readable, migrating through Flyway: {}", e.toString());
            return false;
        }
    }

    private static boolean historyMatches(Statement statement, List<Migration> packaged) throws SQLException {
        Map<String, Migration> applied = new HashMap<>();
        String oldest = packaged.get(0).version();
        try (ResultSet rows = statement.executeQuery(HISTORY)) {
            while (rows.next()) {
                String version = rows.getString("version");
                String type = rows.getString("type");
                if (!rows.getBoolean("success") || version == null) {
                    return false;
                }
                if ("BASELINE".equals(type) && PackagedMigrations.compareVersions(version, oldest) < 0) {
                    continue; // the empty start of a new schema's history (SchemaMigrations baselines at 0)
                }
                if (!"SQL".equals(type) || applied.put(version,
                        new Migration(version, rows.getString("description"), rows.getInt("checksum"))) != null) {
                    return false;
                }
            }
        }
        return applied.size() == packaged.size()
                && packaged.stream().allMatch(migration -> Objects.equals(applied.get(migration.version()), migration));
    }

    private static boolean noLiveLock(Statement statement) throws SQLException {
        try (ResultSet count = statement.executeQuery(LIVE_LOCK)) {
            return count.next() && count.getLong(1) == 0;
        }
    }
}
