package io.eventstore.webhook.store;

import io.eventstore.db.SqlTime;
import io.micronaut.data.jdbc.runtime.JdbcOperations;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The few shapes of statement the webhook tables need, on the caller's connection and transaction. */
final class Sql {

    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final JdbcOperations jdbc;

    Sql(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        return jdbc.prepareStatement(sql, statement -> {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> read = new ArrayList<>();
                while (rows.next()) {
                    read.add(reader.read(rows));
                }
                return read;
            }
        });
    }

    int update(String sql, Binder binder) {
        return jdbc.prepareStatement(sql, statement -> {
            binder.bind(statement);
            return statement.executeUpdate();
        });
    }

    /** A JDBC batch of one statement ({@code binder} adds its rows); answers the update counts. */
    int[] batch(String sql, Binder binder) {
        return jdbc.prepareStatement(sql, statement -> {
            binder.bind(statement);
            return statement.executeBatch();
        });
    }

    static void time(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, SqlTime.of(instant));
        }
    }

    static Instant time(ResultSet row, String column) throws SQLException {
        return SqlTime.parse(row.getString(column));
    }

    static Integer integer(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    static String marks(int count) {
        return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }
}
