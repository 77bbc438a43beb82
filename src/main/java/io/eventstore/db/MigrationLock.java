package io.eventstore.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One schema migration at a time across every instance and every node of a cluster. Flyway's own
 * lock is {@code GET_LOCK}, which a Galera node keeps to itself (Flyway then falls back to a row lock
 * that holds on one node only), so instances that start together on different nodes migrated at
 * once: duplicate tables, a version applied twice, a failed V1 in the history.
 *
 * <p>This lock is a row, the lease of one holder, in {@code schema_lock}: inserting it is taking the
 * lock. Two inserts on two nodes cannot both commit (the second is a duplicate key on one server, a
 * certification conflict on a cluster), so it holds wherever the row is replicated: MySQL, MariaDB,
 * Galera, a Vitess unsharded keyspace, TiDB. The lease runs on the database's clock (the holders may
 * not agree on the time), is renewed while the holder works, and is taken over once it ran out, so
 * a holder that died blocks the others for at most one lease.
 */
final class MigrationLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
    private static final String NAME = "schema-migrations";
    static final Duration LEASE = Duration.ofSeconds(60);

    private final DataSource dataSource;
    private final String holder;
    private ScheduledExecutorService renewal;

    private MigrationLock(DataSource dataSource, String holder) {
        this.dataSource = dataSource;
        this.holder = holder;
    }

    /** Waits for the lock (at most {@code timeout}) and holds it until closed. */
    static MigrationLock acquire(DataSource dataSource, Duration timeout) throws SQLException, InterruptedException {
        MigrationLock lock = new MigrationLock(dataSource, holderName());
        lock.createTable();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean waited = false;
        while (!lock.tryTake()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("another instance has held the schema migration lock for longer than "
                        + timeout + " (row '" + NAME + "' of schema_lock; delete it if no instance is migrating)");
            }
            if (!waited) {
                LOG.info("waiting for another instance's schema migration");
                waited = true;
            }
            Thread.sleep(250);
        }
        lock.renewWhileHeld();
        return lock;
    }

    private void createTable() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_lock ("
                    + " name VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " holder VARCHAR(200) NOT NULL,"
                    + " expires_at DATETIME(6) NOT NULL"
                    + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        }
    }

    /** Inserts the lease, or takes over one that ran out; false when another holder has it. */
    private boolean tryTake() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO schema_lock (name, holder, expires_at)"
                    + " VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL " + LEASE.toSeconds() + " SECOND)")) {
                insert.setString(1, NAME);
                insert.setString(2, holder);
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!SqlErrors.hasCode(e, SqlErrors.DUPLICATE_KEY) && !SqlErrors.rolledBackToRetry(e)) {
                    throw e;
                }
            }
            try (PreparedStatement takeOver = connection.prepareStatement("UPDATE schema_lock SET holder = ?,"
                    + " expires_at = UTC_TIMESTAMP(6) + INTERVAL " + LEASE.toSeconds() + " SECOND"
                    + " WHERE name = ? AND expires_at < UTC_TIMESTAMP(6)")) {
                takeOver.setString(1, holder);
                takeOver.setString(2, NAME);
                if (takeOver.executeUpdate() == 1) {
                    LOG.warn("took over the schema migration lock of an instance whose lease ran out");
                    return true;
                }
                return false;
            } catch (SQLException e) {
                if (SqlErrors.rolledBackToRetry(e)) {
                    return false; // another instance took it over at the same moment
                }
                throw e;
            }
        }
    }

    private void renewWhileHeld() {
        renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "schema-lock-renewal");
            thread.setDaemon(true);
            return thread;
        });
        long every = LEASE.toSeconds() / 3;
        renewal.scheduleWithFixedDelay(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement renew = connection.prepareStatement("UPDATE schema_lock SET expires_at = UTC_TIMESTAMP(6)"
                         + " + INTERVAL " + LEASE.toSeconds() + " SECOND WHERE name = ? AND holder = ?")) {
                renew.setString(1, NAME);
                renew.setString(2, holder);
                renew.executeUpdate();
            } catch (SQLException e) {
                LOG.warn("could not renew the schema migration lock: {}", e.toString());
            }
        }, every, every, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws SQLException {
        renewal.shutdownNow();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement release = connection.prepareStatement("DELETE FROM schema_lock WHERE name = ? AND holder = ?")) {
            connection.setAutoCommit(true);
            release.setString(1, NAME);
            release.setString(2, holder);
            release.executeUpdate();
        }
    }

    private static String holderName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
    }
}
