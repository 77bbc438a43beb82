package io.eventstore.db;

import java.sql.SQLException;

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
