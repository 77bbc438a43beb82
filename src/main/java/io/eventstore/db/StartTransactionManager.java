package io.eventstore.db;

import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.connection.ConnectionSynchronization;
import io.micronaut.data.connection.SynchronousConnectionManager;
import io.micronaut.data.connection.support.JdbcConnectionUtils;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.exceptions.CannotCreateTransactionException;
import io.micronaut.transaction.exceptions.TransactionSystemException;
import io.micronaut.transaction.impl.DefaultTransactionStatus;
import io.micronaut.transaction.jdbc.DataSourceTransactionManager;
import io.micronaut.transaction.support.AbstractDefaultTransactionOperations;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool's transaction manager, in place of Micronaut's: a transaction starts with
 * {@code START TRANSACTION} and ends with {@code COMMIT} or {@code ROLLBACK} on a connection that
 * stays in auto-commit mode. Micronaut's switches auto-commit off and on around every transaction
 * ({@code SET autocommit=0} ... {@code SET autocommit=1}): two round trips where one does, a tenth
 * of a keyed post's database time (docs/benchmarks.md#lean-and-fast). The pool keeps auto-commit
 * on so that a read outside a transaction is one statement, with no {@code ROLLBACK} when it goes back.
 *
 * <p>A transaction whose isolation differs from the connection's sets it for itself alone
 * ({@code SET TRANSACTION ISOLATION LEVEL}, which lasts for the next transaction only) instead of
 * switching the session's level and back. Should a {@code COMMIT} fail, the transaction is rolled
 * back before the connection goes back to the pool: the pool, which sees an auto-committing
 * connection, would not do it.
 */
@EachBean(DataSource.class)
@Replaces(DataSourceTransactionManager.class)
public final class StartTransactionManager extends AbstractDefaultTransactionOperations<Connection> {

    public StartTransactionManager(@Parameter ConnectionOperations<Connection> connections,
                                   @Parameter @Nullable SynchronousConnectionManager<Connection> synchronousConnections) {
        super(connections, synchronousConnections);
    }

    @Override
    public Connection getConnection() {
        return connectionOperations.getConnectionStatus().getConnection();
    }

    @Override
    protected void doBegin(DefaultTransactionStatus<Connection> status) {
        TransactionDefinition definition = status.getTransactionDefinition();
        Connection connection = status.getConnection();
        try {
            if (!connection.getAutoCommit()) {
                throw new CannotCreateTransactionException("the pool must hand out auto-committing connections");
            }
            List<Runnable> onComplete = new ArrayList<>(1);
            // the driver's own flag (readOnlyPropagatesToServer=false): no round trip
            definition.isReadOnly().ifPresent(readOnly -> JdbcConnectionUtils.applyReadOnly(logger, connection, readOnly, onComplete));
            if (!onComplete.isEmpty()) {
                status.getConnectionStatus().registerSynchronization(new ConnectionSynchronization() {
                    @Override
                    public void executionComplete() {
                        onComplete.forEach(Runnable::run);
                    }
                });
            }
            TransactionDefinition.Isolation isolation = definition.getIsolationLevel().orElse(null);
            if (isolation != null && isolation != TransactionDefinition.Isolation.DEFAULT
                    && isolation.getCode() != connection.getTransactionIsolation()) {
                execute(connection, "SET TRANSACTION ISOLATION LEVEL " + isolationSql(isolation));
            }
            execute(connection, "START TRANSACTION");
        } catch (SQLException e) {
            throw new CannotCreateTransactionException("could not start a transaction", e);
        }
    }

    @Override
    protected void doCommit(DefaultTransactionStatus<Connection> status) {
        Connection connection = status.getConnection();
        try {
            execute(connection, "COMMIT");
        } catch (SQLException e) {
            rollbackAfterFailure(connection, e);
            throw new TransactionSystemException("could not commit the transaction", e);
        }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus<Connection> status) {
        try {
            execute(status.getConnection(), "ROLLBACK");
        } catch (SQLException e) {
            throw new TransactionSystemException("could not roll back the transaction", e);
        }
    }

    @Override
    protected void doNestedBegin(DefaultTransactionStatus<Connection> status) {
        String savepoint = "nested_" + System.identityHashCode(status);
        try {
            execute(status.getConnection(), "SAVEPOINT " + savepoint);
        } catch (SQLException e) {
            throw new CannotCreateTransactionException("could not set a savepoint", e);
        }
        status.setSavepoint(savepoint);
    }

    @Override
    protected void doNestedCommit(DefaultTransactionStatus<Connection> status) {
        try {
            execute(status.getConnection(), "RELEASE SAVEPOINT " + savepoint(status));
        } catch (SQLException e) {
            throw new TransactionSystemException("could not release a savepoint", e);
        }
    }

    @Override
    protected void doNestedRollback(DefaultTransactionStatus<Connection> status) {
        try {
            execute(status.getConnection(), "ROLLBACK TO SAVEPOINT " + savepoint(status));
        } catch (SQLException e) {
            throw new TransactionSystemException("could not roll back to a savepoint", e);
        }
    }

    static String isolationSql(TransactionDefinition.Isolation isolation) {
        return switch (isolation) {
            case READ_UNCOMMITTED -> "READ UNCOMMITTED";
            case READ_COMMITTED -> "READ COMMITTED";
            case REPEATABLE_READ -> "REPEATABLE READ";
            case SERIALIZABLE -> "SERIALIZABLE";
            case DEFAULT -> throw new IllegalArgumentException("no level to set for DEFAULT");
        };
    }

    private static String savepoint(DefaultTransactionStatus<Connection> status) {
        if (!(status.getSavepoint() instanceof String name)) {
            throw new TransactionSystemException("no savepoint for this nested transaction");
        }
        return name;
    }

    private void rollbackAfterFailure(Connection connection, SQLException commitFailure) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            commitFailure.addSuppressed(e); // the connection is most likely gone, and its transaction with it
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
