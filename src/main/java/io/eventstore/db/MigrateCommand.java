package io.eventstore.db;

import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;

import javax.sql.DataSource;
import java.util.Map;

/**
 * {@code java -jar event-store.jar migrate}: brings the configured database's schema up to date and
 * exits (0 done, 1 failed), for deployments that start their instances with
 * {@code EVENT_STORE_MIGRATIONS=verify}. Safe to run while instances run or start: it takes the same
 * lock they do.
 */
public final class MigrateCommand {

    private MigrateCommand() {
    }

    public static int main(String[] args) {
        System.setProperty("eventstore.log.target", "System.err");
        // the pool's creation migrates (SchemaMigrations, on-start, under the lock); nothing else starts
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("event-store.migrations.mode", "on-start")).start()) {
            DataSource dataSource = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
            System.err.println("schema is current at version " + SchemaMigrations.currentVersion(dataSource));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("migration failed: " + e.getMessage());
            return 1;
        }
    }
}
