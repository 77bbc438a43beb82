package io.eventstore.db;

import io.eventstore.support.TestDatabase;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.eventstore.support.SharedService;
import org.junit.jupiter.api.extension.ExtendWith;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The embedded MariaDB runs with the settings it is started with (only when the tests run on it). */
@ExtendWith(SharedService.class)
class EmbeddedServerSettingsTest {

    @Inject
    DataSource dataSource;

    @Test
    void statementsRunOnTheServersThreadPool() throws SQLException {
        assumeTrue(TestDatabase.ensureChosen().startsWith("the embedded MariaDB"), "an external server has its own settings");
        assertEquals("pool-of-threads", variable("thread_handling"));
        assertTrue(Integer.parseInt(variable("thread_pool_size")) >= 1);
    }

    private String variable(String name) throws SQLException {
        try (Connection connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT @@" + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
