package io.eventstore.db;

import io.micronaut.data.connection.exceptions.ConnectionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** What a failed statement means, read from the vendor error codes MySQL and MariaDB share. */
public final class SqlErrors {

    /** ER_DUP_ENTRY: a unique or primary key refused the row. */
    public static final int DUPLICATE_KEY = 1062;
    /** ER_LOCK_DEADLOCK (also Galera's certification conflict at commit). */
    public static final int DEADLOCK = 1213;
    /** ER_LOCK_WAIT_TIMEOUT (MariaDB's answer to NOWAIT). */
    public static final int LOCK_WAIT_TIMEOUT = 1205;
    /** ER_LOCK_NOWAIT (MySQL's answer to NOWAIT). */
    public static final int LOCK_NOWAIT = 3572;
    /** TiDB's write conflict of an optimistic transaction (ready for it; MySQL and MariaDB never send it). */
    public static final int TIDB_WRITE_CONFLICT = 9007;
    /** ER_UNKNOWN_COM_ERROR: what a Galera node answers while it is not synced ("WSREP has not yet prepared node"). */
    public static final int NODE_NOT_READY = 1047;
    /** ER_CON_COUNT_ERROR: the server's max_connections reached. */
    public static final int TOO_MANY_CONNECTIONS = 1040;
    /** ER_OPTION_PREVENTS_STATEMENT: a read-only server (a replica, or a primary being failed over). */
    public static final int READ_ONLY = 1290;
    /** ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION. */
    public static final int READ_ONLY_TRANSACTION = 1792;
    /** ER_READ_ONLY_MODE. */
    public static final int READ_ONLY_MODE = 1836;

    private SqlErrors() {
    }

    /** Whether {@code e} or one of its causes is an SQL error with one of these vendor codes. */
    public static boolean hasCode(Throwable e, int... codes) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (int code : codes) {
                    if (sql.getErrorCode() == code) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A transaction the server rolled back whole so that it can run again: a deadlock, a Galera
     * certification conflict (reported as a deadlock, at commit), a serialization failure (SQLSTATE
     * 40001) or TiDB's write conflict. Running it again is safe: none of it was kept.
     */
    public static boolean rolledBackToRetry(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (sql.getErrorCode() == DEADLOCK
                    || sql.getErrorCode() == TIDB_WRITE_CONFLICT || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database cannot serve now, but may soon: no connection within the pool's wait, a broken or
     * refused connection (SQLSTATE class 08), a cluster node not synced, a server in read-only mode,
     * too many connections, or a lock not granted in time. When this happens to a write at its
     * commit, the outcome is unknown to the service (the commit may have gone through).
     */
    public static boolean unavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // Micronaut's ConnectionException: no connection could be had or set up (the pool handed out one
            // that broke while being prepared, say); its cause then often carries no SQLSTATE at all
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                int code = sql.getErrorCode();
                if ((state != null && state.startsWith("08")) || code == NODE_NOT_READY || code == TOO_MANY_CONNECTIONS
                        || code == READ_ONLY || code == READ_ONLY_TRANSACTION || code == READ_ONLY_MODE
                        || code == LOCK_WAIT_TIMEOUT) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A duplicate of the table's primary key (not of another unique key). */
    public static boolean isDuplicatePrimaryKey(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == DUPLICATE_KEY) {
                String message = String.valueOf(sql.getMessage());
                // MariaDB: "... for key 'PRIMARY'"; MySQL 8: "... for key 'event.PRIMARY'"
                return message.endsWith("'PRIMARY'") || message.endsWith(".PRIMARY'");
            }
        }
        return false;
    }
}
