package io.eventstore.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.eventstore.support.SharedService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migrations on fresh databases of the test server: instances that migrate at once apply each
 * version once, a lease left by a dead instance is taken over, a live one is waited for, a database
 * that is not ours is refused, and {@code verify} refuses to start until {@code migrate} ran.
 */
@ExtendWith(SharedService.class)
class SchemaMigrationsTest {

    private static final int VERSIONS = 8;

    @Inject
    Environment environment;

    @Test
    void instancesThatMigrateAtOnceApplyEachVersionOnce() throws Exception {
        String database = freshDatabase();
        List<HikariDataSource> pools = new ArrayList<>();
        ExecutorService starts = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> applied = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HikariDataSource pool = pool(database);
                pools.add(pool);
                applied.add(starts.submit(() -> SchemaMigrations.migrate(pool, Duration.ofMinutes(1))));
            }
            int total = 0;
            for (Future<Integer> one : applied) {
                total += one.get();
            }
            assertEquals(VERSIONS, total, "every version applied by exactly one instance");
            assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8"), column(pools.get(0),
                    "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank"));
            assertEquals(List.of(), column(pools.get(0), "SELECT holder FROM schema_lock"), "the lock is released");
        } finally {
            starts.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }
    }

    @Test
    void aLeaseThatRanOutIsTakenOverAndALiveOneIsWaitedFor() throws Exception {
        try (HikariDataSource pool = pool(freshDatabase())) {
            migrateTo(pool, "7"); // one version left to apply: a start needs the lock
            MigrationLock.acquire(pool, Duration.ofSeconds(5)).close(); // its table
            execute(pool, "INSERT INTO schema_lock VALUES ('schema-migrations', 'a dead instance', UTC_TIMESTAMP(6) - INTERVAL 1 SECOND)");
            assertEquals(1, SchemaMigrations.migrate(pool, Duration.ofSeconds(5)), "taken over at once");
            assertEquals(List.of(), column(pool, "SELECT holder FROM schema_lock"), "released");

            execute(pool, "INSERT INTO schema_lock VALUES ('schema-migrations', 'a live instance', UTC_TIMESTAMP(6) + INTERVAL 1 MINUTE)");
            IllegalStateException waited = assertThrows(IllegalStateException.class,
                    () -> SchemaMigrations.migrate(pool, Duration.ofMillis(600)));
            assertTrue(waited.getMessage().contains("schema_lock"), waited.getMessage());
            assertEquals(List.of("a live instance"), column(pool, "SELECT holder FROM schema_lock"), "not taken from a live holder");
        }
    }

    @Test
    void aDatabaseWithTablesButNoHistoryIsRefused() throws Exception {
        try (HikariDataSource pool = pool(freshDatabase())) {
            execute(pool, "CREATE TABLE customers (id INT PRIMARY KEY)");
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> SchemaMigrations.migrate(pool, Duration.ofMinutes(1)));
            assertTrue(refused.getMessage().contains("[customers]"), refused.getMessage());
            assertEquals(List.of("customers", "schema_lock"), column(pool, "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE() ORDER BY table_name"), "nothing created but the lock");
        }
    }

    @Test
    void verifyRefusesToStartUntilMigrateRan() throws Exception {
        String database = freshDatabase();
        String url = url(database);
        withUrl(url, () -> {
            Exception refused = assertThrows(Exception.class, () -> start(Map.of("event-store.migrations.mode", "verify")));
            assertTrue(rootMessage(refused).contains("java -jar event-store.jar migrate"), rootMessage(refused));

            assertEquals(0, MigrateCommand.main(new String[0]));
            start(Map.of("event-store.migrations.mode", "verify")).close();
            return null;
        });
        try (HikariDataSource pool = pool(database)) {
            assertEquals(List.of(Integer.toString(VERSIONS)), column(pool, "SELECT MAX(CAST(version AS UNSIGNED)) FROM flyway_schema_history"));
        }
    }

    private ApplicationContext start(Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put("datasources.default.username", user());
        all.put("datasources.default.password", password());
        return ApplicationContext.builder().properties(all).environments("test").start();
    }

    private static String rootMessage(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append(" | ");
        }
        return messages.toString();
    }

    /** Version 8 counts and bounds the events stored before it, and starts each org's catalog at its feed's position. */
    @Test
    void theCatalogMigrationCountsTheEventsStoredBeforeIt() throws Exception {
        String database = freshDatabase();
        try (HikariDataSource pool = pool(database)) {
            migrateTo(pool, "7");
            String insert = "INSERT INTO event (org_id, id, name, event_at, created_at, updated_at) VALUES ";
            execute(pool, insert + "(5, 1, 'opened', '2026-01-02 00:00:00', '2026-01-02 00:00:00', '2026-01-02 00:00:00'),"
                    + " (5, 2, 'opened', '2026-03-04 05:06:07.123456', '2026-03-04 00:00:00', '2026-03-04 00:00:00'),"
                    + " (5, 3, 'clicked', '2026-02-01 00:00:00', '2026-02-01 00:00:00', '2026-02-01 00:00:00'),"
                    + " (6, 4, 'opened', '2026-05-01 00:00:00', '2026-05-01 00:00:00', '2026-05-01 00:00:00')");
            execute(pool, "INSERT INTO event_feed (org_id, last_position, swept_through) VALUES (5, 42, 0)");
            SchemaMigrations.migrate(pool, Duration.ofMinutes(1));
            assertEquals(List.of("5 clicked 1 2026-02-01 00:00:00.000000 2026-02-01 00:00:00.000000",
                            "5 opened 2 2026-01-02 00:00:00.000000 2026-03-04 05:06:07.123456",
                            "6 opened 1 2026-05-01 00:00:00.000000 2026-05-01 00:00:00.000000"),
                    column(pool, "SELECT CONCAT_WS(' ', org_id, name, event_count, DATE_FORMAT(first_event_at, '%Y-%m-%d %H:%i:%s.%f'),"
                            + " DATE_FORMAT(last_event_at, '%Y-%m-%d %H:%i:%s.%f')) FROM event_name ORDER BY org_id, name"));
            assertEquals(List.of("5 42"), column(pool, "SELECT CONCAT_WS(' ', org_id, feed_position) FROM event_catalog"));
        }
    }

    /**
     * A start on a current schema reads its history and stops there: it leaves the lock table alone
     * (even a lease that ran out, which the lock's path would take over and delete), while every
     * schema it cannot vouch for goes through Flyway as before.
     */
    @Test
    void aStartOnACurrentSchemaNeitherLocksNorMigrates() throws Exception {
        try (HikariDataSource pool = pool(freshDatabase())) {
            assertFalse(CurrentSchema.holds(pool), "an empty database");
            migrateTo(pool, "7");
            assertFalse(CurrentSchema.holds(pool), "a version behind");
            assertEquals(1, SchemaMigrations.migrate(pool, Duration.ofMinutes(1)));
            assertTrue(CurrentSchema.holds(pool), "migrated");

            execute(pool, "INSERT INTO schema_lock VALUES ('schema-migrations', 'a dead instance', UTC_TIMESTAMP(6) - INTERVAL 1 SECOND)");
            assertEquals(0, SchemaMigrations.migrate(pool, Duration.ofSeconds(5)));
            assertEquals(List.of("a dead instance"), column(pool, "SELECT holder FROM schema_lock"), "the lock was not taken");

            execute(pool, "UPDATE schema_lock SET expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 MINUTE");
            assertFalse(CurrentSchema.holds(pool), "another instance is migrating: wait for it");
            execute(pool, "DELETE FROM schema_lock");

            execute(pool, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (100, '9', 'from a newer jar', 'SQL', 'V9__from_a_newer_jar.sql',"
                    + " 1, 'test', 1, 1)");
            assertFalse(CurrentSchema.holds(pool), "a version this jar does not know");
            assertEquals(0, SchemaMigrations.migrate(pool, Duration.ofMinutes(1)), "Flyway ignores a future version");
            execute(pool, "DELETE FROM flyway_schema_history WHERE version = '9'");
            assertTrue(CurrentSchema.holds(pool));

            execute(pool, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '3'");
            assertFalse(CurrentSchema.holds(pool), "an edited migration");
            Exception edited = assertThrows(Exception.class, () -> SchemaMigrations.migrate(pool, Duration.ofMinutes(1)));
            assertTrue(rootMessage(edited).toLowerCase(java.util.Locale.ROOT).contains("checksum mismatch"), rootMessage(edited));
            execute(pool, "UPDATE flyway_schema_history SET checksum = checksum - 1 WHERE version = '3'");

            execute(pool, "UPDATE flyway_schema_history SET success = 0 WHERE version = '8'");
            assertFalse(CurrentSchema.holds(pool), "a failed migration");
        }
    }

    private static void migrateTo(HikariDataSource pool, String version) {
        org.flywaydb.core.Flyway.configure().dataSource(pool).locations(SchemaMigrations.LOCATION).target(version).load().migrate();
    }

    /** A new, empty database on the test server (a user for the suite needs CREATE on the server; see README). */
    private String freshDatabase() throws SQLException {
        String name = "migrations_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (HikariDataSource server = pool(null)) {
            execute(server, "CREATE DATABASE " + name);
        }
        return name;
    }

    private String url(String database) {
        String url = environment.getProperty("datasources.default.url", String.class).orElseThrow();
        return database == null ? url : url.replaceFirst("/([A-Za-z0-9_]+)(\\?|$)", "/" + database + "$2");
    }

    private String user() {
        return environment.getProperty("datasources.default.username", String.class).orElse("root");
    }

    private String password() {
        return environment.getProperty("datasources.default.password", String.class).orElse("");
    }

    private HikariDataSource pool(String database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url(database));
        config.setUsername(user());
        config.setPassword(password());
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    private static void execute(HikariDataSource pool, String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> column(HikariDataSource pool, String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    /** Runs the body with the database configured as a deployment does it (url, user, password), then restores the settings. */
    private <T> T withUrl(String url, Callable<T> body) throws Exception {
        Map<String, String> settings = Map.of(DatabaseConfigurer.URL_PROPERTY, url,
                "datasources.default.username", user(), "datasources.default.password", password());
        Map<String, String> previous = new java.util.HashMap<>();
        settings.forEach((name, value) -> {
            previous.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        try {
            return body.call();
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }
}
