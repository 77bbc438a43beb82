package io.eventstore.db;

import com.mysql.cj.jdbc.JdbcConnection;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.eventstore.support.SharedService;
import org.junit.jupiter.api.extension.ExtendWith;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every driver setting of application.yml reaches the driver. They once did not: YAML turned
 * {@code true} into a Boolean, which Properties.getProperty (all the driver reads) does not see,
 * so batches went row by row and every read paid for extra round trips, silently.
 */
@ExtendWith(SharedService.class)
class DriverSettingsTest {

    @Inject
    DataSource dataSource;

    @Test
    void theDriverRunsWithTheConfiguredSettings() throws Exception {
        HikariDataSource pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(dataSource);
        Properties configured = pool.getDataSourceProperties();
        assertFalse(configured.isEmpty());
        try (Connection connection = pool.getConnection()) {
            var driverSettings = connection.unwrap(JdbcConnection.class).getPropertySet();
            for (String name : configured.stringPropertyNames()) {
                assertEquals(configured.getProperty(name), String.valueOf(driverSettings.getProperty(name).getValue()),
                        name + " as the driver sees it");
            }
            assertEquals(configured.size(), configured.stringPropertyNames().size(),
                    "every value is a string: " + configured);
        }
    }

    @Test
    void transactionsReadCommittedUnlessTheyAskForASnapshot() throws Exception {
        HikariDataSource pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(dataSource);
        try (Connection connection = pool.getConnection()) {
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, connection.getTransactionIsolation());
            assertEquals("READ-COMMITTED", serverIsolation(connection), "the server's session, not only the driver's idea of it");
        }
    }

    /** The session's level as the server has it (MariaDB before 11.1 names the variable tx_isolation only). */
    private static String serverIsolation(Connection connection) throws Exception {
        for (String variable : new String[]{"@@SESSION.transaction_isolation", "@@SESSION.tx_isolation"}) {
            try (var statement = connection.createStatement(); var rows = statement.executeQuery("SELECT " + variable)) {
                rows.next();
                return rows.getString(1);
            } catch (java.sql.SQLException unknownVariable) {
                // the older name next
            }
        }
        throw new AssertionError("neither variable is known to this server");
    }
}
