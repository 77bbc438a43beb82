package io.eventstore.db;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Brings the schema (schema/migrations, packaged as db/migration) up to date before the service
 * uses its database, once the pool exists. {@code event-store.migrations.mode}:
 * <ul>
 *   <li>{@code on-start} (the default): migrate, one instance at a time under {@link MigrationLock};
 *       the later ones find nothing to do;</li>
 *   <li>{@code verify}: migrate nothing, refuse to start while a migration is pending; deployments
 *       run {@code java -jar event-store.jar migrate} once instead;</li>
 *   <li>{@code off}: neither (what the admin command runs with: it starts fast and leaves the
 *       schema to the service).</li>
 * </ul>
 * A start on a schema that is already current reads its history and goes no further
 * ({@link CurrentSchema}): no lock, no Flyway.
 */
@Singleton
public class SchemaMigrations implements BeanCreatedEventListener<DataSource> {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    static final String LOCATION = "classpath:" + PackagedMigrations.DIRECTORY;

    enum Mode { ON_START, VERIFY, OFF }

    private final Mode mode;
    private final Duration lockTimeout;

    public SchemaMigrations(@Value("${event-store.migrations.mode:on-start}") String mode,
                            @Value("${event-store.migrations.lock-timeout:10m}") Duration lockTimeout) {
        this.mode = parse(mode);
        this.lockTimeout = lockTimeout;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        // the pool itself: Micronaut's wrapper would look for the connection operations of the bean being created
        DataSource pool = DelegatingDataSource.unwrapDataSource(event.getBean());
        switch (mode) {
            case ON_START -> migrate(pool, lockTimeout);
            case VERIFY -> verify(pool);
            case OFF -> { } // the admin command: the service migrates; a wrong schema fails its SQL plainly
        }
        return event.getBean();
    }

    /** Applies every pending migration under the cluster-wide lock; answers how many were applied. */
    static int migrate(DataSource dataSource, Duration lockTimeout) {
        if (CurrentSchema.holds(dataSource)) {
            return 0;
        }
        try (MigrationLock lock = MigrationLock.acquire(dataSource, lockTimeout)) {
            refuseForeignTables(dataSource);
            // the lock's own table makes a new schema look non-empty to Flyway: start its history at 0
            int applied = flyway(dataSource).baselineOnMigrate(true).baselineVersion("0").load().migrate().migrationsExecuted;
            if (applied > 0) {
                LOG.info("applied {} schema migration(s)", applied);
            }
            return applied;
        } catch (SQLException e) {
            throw new IllegalStateException("could not migrate the schema: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema migration lock", e);
        }
    }

    /** Flyway's own check, which the baseline above turns off: a schema with tables but no history is not ours. */
    private static void refuseForeignTables(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = DATABASE()")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1).toLowerCase(Locale.ROOT));
            }
            names.remove("schema_lock");
            if (!names.isEmpty() && !names.contains("flyway_schema_history")) {
                throw new IllegalStateException("The database holds tables " + names + " but no schema history"
                        + " (flyway_schema_history): it is not one of this service's; name an empty database or this"
                        + " service's own.");
            }
        }
    }

    private static void verify(DataSource dataSource) {
        if (CurrentSchema.holds(dataSource)) {
            return;
        }
        MigrationInfo[] pending = flyway(dataSource).load().info().pending();
        if (pending.length > 0) {
            throw new ConfigurationException("The database schema is not current: " + pending.length
                    + " migration(s) pending, the first " + pending[0].getVersion() + " (" + pending[0].getDescription()
                    + "). Run `java -jar event-store.jar migrate` once against this database, or start with"
                    + " EVENT_STORE_MIGRATIONS=on-start.");
        }
    }

    /** The version of the newest migration in the jar: a schema at it is current. */
    static String packagedVersion(DataSource dataSource) {
        return PackagedMigrations.newestVersion().orElseGet(() -> {
            MigrationInfo[] all = flyway(dataSource).load().info().all();
            return all.length == 0 ? "none" : all[all.length - 1].getVersion().getVersion();
        });
    }

    static String currentVersion(DataSource dataSource) {
        MigrationInfo current = flyway(dataSource).load().info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    private static FluentConfiguration flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations(LOCATION);
    }

    private static Mode parse(String mode) {
        try {
            return Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("event-store.migrations.mode (EVENT_STORE_MIGRATIONS) is on-start, verify or off, not '"
                    + mode + "'");
        }
    }
}
