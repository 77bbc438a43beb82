package io.eventstore.db;

import io.eventstore.support.SharedService;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.DefaultTransactionDefinition;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool's transactions (StartTransactionManager): begun with START TRANSACTION on a connection
 * that stays in auto-commit mode, atomic, isolated as asked, and without the SET statements
 * Micronaut's own manager sends around each one. Rows are written to service_setting under an org
 * id no real org has; "outside" is another connection taken from the pool itself, never the
 * transaction's.
 */
@ExtendWith(SharedService.class)
class TransactionsTest {

    private static final TransactionDefinition READ_COMMITTED = readCommitted();

    private static TransactionDefinition readCommitted() {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.Isolation.READ_COMMITTED);
        return definition;
    }

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    DataSource dataSource;

    private DataSource pool() {
        return DelegatingDataSource.unwrapDataSource(dataSource); // not the transaction's connection when inside one
    }

    private final long org = -ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE);

    @Test
    void theServiceRunsThisManager() {
        assertInstanceOf(StartTransactionManager.class, transactions);
    }

    @Test
    void aTransactionCommitsAtItsEndAndNotBefore() {
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            assertTrue(connection.getAutoCommit(), "the connection stays auto-committing");
            insert(connection, "first");
            insert(connection, "second");
            assertEquals(2, count(connection), "the transaction sees its own rows");
            assertEquals(0, countOutside(), "nothing is visible outside before the commit");
            return null;
        });
        assertEquals(2, countOutside());
    }

    @Test
    void aFailureRollsBackEveryStatementOfTheTransaction() {
        assertThrows(IllegalStateException.class, () -> transactions.executeWrite(status -> {
            insert(status.getConnection(), "first");
            insert(status.getConnection(), "second");
            throw new IllegalStateException("refused after two writes");
        }));
        assertEquals(0, countOutside());
        transactions.executeWrite(status -> insert(status.getConnection(), "afterwards"));
        assertEquals(1, countOutside(), "the connection is usable again, outside the rolled-back transaction");
    }

    @Test
    void aFailedStatementInsideLeavesTheRestToTheTransaction() {
        assertThrows(RuntimeException.class, () -> transactions.executeWrite(status -> {
            insert(status.getConnection(), "kept until the rollback");
            insert(status.getConnection(), "kept until the rollback"); // duplicate primary key
            return null;
        }));
        assertEquals(0, countOutside(), "the first row went with the transaction, not with its statement");
    }

    @Test
    void aSnapshotReadSeesOneSnapshotAndReadCommittedSeesEachCommit() {
        int[] seen = new int[2];
        transactions.execute(SnapshotRead.DEFINITION, status -> {
            seen[0] = count(status.getConnection());
            insertOutside("committed meanwhile");
            seen[1] = count(status.getConnection());
            return null;
        });
        assertEquals(seen[0], seen[1], "both statements of a snapshot read see the same rows");

        transactions.execute(READ_COMMITTED, status -> {
            seen[0] = count(status.getConnection());
            insertOutside("committed meanwhile, again");
            seen[1] = count(status.getConnection());
            return null;
        });
        assertEquals(seen[0] + 1, seen[1], "a READ COMMITTED statement sees what committed before it");
    }

    @Test
    void theSnapshotsLevelLastsForItsTransactionOnly() throws SQLException {
        long[] snapshotConnection = new long[1];
        transactions.execute(SnapshotRead.DEFINITION, status -> {
            snapshotConnection[0] = connectionId(status.getConnection());
            assertTrue(status.getConnection().isReadOnly(), "read-only for the driver");
            return null;
        });
        // borrow the pool's connections, holding each, until the snapshot's one comes out again
        List<Connection> borrowed = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < 16; attempt++) {
                Connection connection = pool().getConnection();
                borrowed.add(connection);
                if (connectionId(connection) == snapshotConnection[0]) {
                    assertFalse(connection.isReadOnly());
                    assertTrue(connection.getAutoCommit());
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("START TRANSACTION");
                        int before = count(connection);
                        insertOutside("after the snapshot");
                        assertEquals(before + 1, count(connection), "the next transaction is READ COMMITTED again");
                        statement.execute("COMMIT");
                    }
                    return;
                }
            }
        } finally {
            for (Connection connection : borrowed) {
                connection.close();
            }
        }
        throw new AssertionError("the snapshot's connection was not handed out again");
    }

    @Test
    void transactionsSendNoSetStatements() throws SQLException {
        long setsBefore = globalStatus("Com_set_option");
        long beginsBefore = globalStatus("Com_begin");
        for (int i = 0; i < 25; i++) {
            String name = "t" + i;
            transactions.executeWrite(status -> insert(status.getConnection(), name));
        }
        assertEquals(25, countOutside());
        assertTrue(globalStatus("Com_begin") - beginsBefore >= 25, "each transaction began with START TRANSACTION");
        // Micronaut's manager sent SET autocommit=0 and =1 around each: 50 here. The service's own
        // background transactions send none either; a new pooled connection's init statement is one.
        assertTrue(globalStatus("Com_set_option") - setsBefore < 25, "no SET statements around the transactions");
    }

    private int insert(Connection connection, String name) {
        try (var insert = connection.prepareStatement(
                "INSERT INTO service_setting (org_id, name, value, created_at) VALUES (?, ?, 'x', UTC_TIMESTAMP(6))")) {
            insert.setLong(1, org);
            insert.setString(2, name);
            return insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int count(Connection connection) {
        try (var select = connection.prepareStatement("SELECT COUNT(*) FROM service_setting WHERE org_id = ?")) {
            select.setLong(1, org);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** On a connection of the pool outside any transaction (auto-committed at once). */
    private void insertOutside(String name) {
        try (Connection outside = pool().getConnection()) {
            insert(outside, name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int countOutside() {
        try (Connection outside = pool().getConnection()) {
            return count(outside);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long connectionId(Connection connection) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT CONNECTION_ID()")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long globalStatus(String name) throws SQLException {
        try (Connection connection = pool().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            rows.next();
            return rows.getLong(2);
        }
    }
}
