package io.eventstore.db;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Readiness of the database: a connection from the pool within its timeout (3 s) and a schema at
 * the newest migration of this jar. Down while the database is unreachable (the embedded server
 * restarting included), up again as soon as a connection succeeds. Details (only to an
 * authenticated caller) name the schema version, never the server's address.
 */
@Singleton
@Readiness
public class DatabaseReadiness implements HealthIndicator {

    private static final String NAME = "database";
    private static final String CURRENT = "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"
            + " ORDER BY installed_rank DESC LIMIT 1";

    private final DataSource dataSource;
    private final ExecutorService blocking;
    /** The newest migration in the jar, read at the first check that reaches it. */
    private volatile String packaged;

    DatabaseReadiness(DataSource dataSource, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource); // the pool itself, outside any transaction
        this.blocking = blocking;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        // JDBC blocks: never on the event loop that asked
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(this::check, blocking));
    }

    private HealthResult check() {
        Map<String, Object> details = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            try (ResultSet row = statement.executeQuery(CURRENT)) {
                String current = row.next() ? row.getString(1) : "none";
                if (packaged == null) {
                    packaged = SchemaMigrations.packagedVersion(dataSource);
                }
                details.put("schemaVersion", current);
                details.put("expectedSchemaVersion", packaged);
                return result(current.equals(packaged) ? HealthStatus.UP : HealthStatus.DOWN, details);
            }
        } catch (SQLException | RuntimeException e) {
            details.put("error", SqlErrors.unavailable(e) ? "database unreachable" : "database check failed");
            return result(HealthStatus.DOWN, details);
        }
    }

    private static @NonNull HealthResult result(HealthStatus status, Map<String, Object> details) {
        return HealthResult.builder(NAME, status).details(details).build();
    }
}
