package io.eventstore.db;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstore.support.SharedService;
import io.eventstore.support.Store;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool's init statement (application.yml) runs on this server, and on MariaDB leaves causal reads
 * ({@code wsrep_sync_wait=1}) on exactly when the server is a Galera node. The cluster test
 * (src/cluster/cluster-test.sh) shows the read-your-writes it buys across nodes.
 */
@ExtendWith(SharedService.class)
class ReadYourWritesTest {

    @Inject
    DataSource dataSource;

    @Inject
    Store store;

    @Test
    void theInitStatementRunsHereAndWaitsForTheClusterOnlyOnAGaleraNode() throws Exception {
        HikariDataSource pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(dataSource);
        String init = pool.getConnectionInitSql();
        assertTrue(init.contains("wsrep_sync_wait"), init);
        try (Connection own = store.connection(); Statement statement = own.createStatement()) {
            statement.execute(init); // valid on this server, whatever it is
            try (ResultSet row = statement.executeQuery("SELECT @event_store")) {
                row.next();
                assertEquals(1, row.getInt(1));
            }
        }
        try (Connection pooled = pool.getConnection(); Statement statement = pooled.createStatement();
             ResultSet version = statement.executeQuery("SELECT VERSION() LIKE '%MariaDB%'")) {
            version.next();
            if (version.getBoolean(1)) {
                try (ResultSet wsrep = statement.executeQuery("SELECT @@wsrep_on, @@session.wsrep_sync_wait")) {
                    wsrep.next();
                    assertEquals(wsrep.getBoolean(1) ? 1 : 0, wsrep.getInt(2), "causal reads exactly on a Galera node");
                }
            }
        }
    }
}
