package io.eventstore.support;

import io.eventstore.event.EventField;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the database holds for one org, read on a connection of its own (outside any test
 * transaction), so a test can prove that a refused request changed nothing.
 */
@Singleton
public class Store {

    /** Every column of the field table (the JSON payload as its text). */
    private static final String EVENTS = "SELECT " + String.join(", ", EventField.ALL.stream()
            .map(field -> field == EventField.PAYLOAD ? "CAST(payload AS CHAR)" : field.column()).toList())
            + " FROM event WHERE org_id = ? ORDER BY id";
    private static final String KEYS = "SELECT idem_key, status, HEX(request_hash) FROM idempotency_key WHERE org_id = ? ORDER BY idem_key";

    private final String url;
    private final String user;
    private final String password;

    public Store(@Value("${datasources.default.url}") String url,
                 @Value("${datasources.default.username:root}") String user,
                 @Value("${datasources.default.password:}") String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Every event and idempotency key of the org, every column, as text. */
    public String snapshot(long org) {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            return rows(connection, EVENTS, org) + "\n--keys--\n" + rows(connection, KEYS, org);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every column of the org's api_token rows as text (binary columns in hex). */
    public java.util.List<String> tokenColumns(long org) {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            String rows = rows(connection, "SELECT org_id, id, HEX(token_hash), prefix, name, scopes, rate_limit,"
                    + " created_at, expires_at, revoked_at FROM api_token WHERE org_id = ?", org);
            return java.util.Arrays.asList(rows.split("[|\n]"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection of its own to the service's database (the caller closes it). */
    public Connection connection() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The first column of the first row of {@code sql} (one parameter, {@code org}) as the server's text. */
    public String text(String sql, long org) {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            String rows = rows(connection, sql, org);
            return rows.isEmpty() ? null : rows.substring(0, rows.indexOf('|'));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rows(Connection connection, String sql, long org) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, org);
            try (ResultSet rows = statement.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int c = 1; c <= columns; c++) {
                        text.append(rows.getString(c)).append('|');
                    }
                    text.append('\n');
                }
            }
        }
        return text.toString();
    }
}
