package io.eventstore.db;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the database before the application context starts: the MySQL-compatible server named by
 * {@code DATASOURCES_DEFAULT_URL} (or the property {@code datasources.default.url}) when there is
 * one, otherwise the embedded MariaDB in {@code EVENT_STORE_EMBEDDED_DB_DIR} (default
 * {@code ~/.event-store/mariadb}).
 */
@ContextConfigurer
public class DatabaseConfigurer implements ApplicationContextConfigurer {

    public static final String URL_ENV = "DATASOURCES_DEFAULT_URL";
    public static final String URL_PROPERTY = "datasources.default.url";
    public static final String EMBEDDED_DIR_ENV = "EVENT_STORE_EMBEDDED_DB_DIR";
    public static final String EMBEDDED_DIR_PROPERTY = "event-store.embedded-db.dir";

    @Override
    public void configure(ApplicationContextBuilder builder) {
        if (externalDatabaseConfigured()) {
            return;
        }
        refuseEmbeddedInProduction();
        // the server starts while the context loads; the pool waits for it (EmbeddedDatabaseReady)
        EmbeddedMariaDb.Access embedded = EmbeddedMariaDb.startInBackground(embeddedRoot(), "eventstore");
        EmbeddedMariaDb.acquire(); // released when this context closes its pool (EmbeddedDatabaseRelease)
        builder.properties(Map.of(
                URL_PROPERTY, embedded.url(),
                "datasources.default.username", embedded.user(),
                "datasources.default.password", embedded.password(),
                EmbeddedDatabaseRelease.PROPERTY, true,
                "event-store.embedded-db.root", embeddedRoot().toAbsolutePath().toString()));
    }

    /** Where the service's database is, for a tool that must not start one: url, user, password. */
    public record Target(String url, String user, String password) {
    }

    /**
     * The configured database ({@code DATASOURCES_DEFAULT_URL}, {@code _USERNAME}, {@code _PASSWORD}, or
     * the same properties), else the embedded server if one runs now; empty when neither: the caller
     * then starts the application context, which starts the embedded server.
     */
    public static Optional<Target> configuredOrRunning() {
        if (externalDatabaseConfigured()) {
            String url = notBlank(System.getProperty(URL_PROPERTY)) ? System.getProperty(URL_PROPERTY) : System.getenv(URL_ENV);
            return Optional.of(new Target(url, setting("datasources.default.username", "DATASOURCES_DEFAULT_USERNAME", "root"),
                    setting("datasources.default.password", "DATASOURCES_DEFAULT_PASSWORD", "")));
        }
        return EmbeddedMariaDb.runningAccess(embeddedRoot(), "eventstore")
                .map(access -> new Target(access.url(), access.user(), access.password()));
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null ? fallback : value;
    }

    /**
     * A production start (the Micronaut environment {@code production}, e.g.
     * {@code MICRONAUT_ENVIRONMENTS=production}) never creates a local database on its own: without
     * a configured one it refuses to start, naming the settings.
     */
    public static void refuseEmbeddedInProduction() {
        if (externalDatabaseConfigured()) {
            return;
        }
        if (production()) {
            throw new NoDatabaseConfigured("No database is configured and this is a production start (Micronaut environment"
                    + " 'production'): set DATASOURCES_DEFAULT_URL, DATASOURCES_DEFAULT_USERNAME and DATASOURCES_DEFAULT_PASSWORD."
                    + " The embedded MariaDB is for development only.");
        }
        if (!EmbeddedMariaDb.binariesPackaged()) {
            throw new NoDatabaseConfigured("No database is configured and this jar carries no embedded MariaDB (the slim build):"
                    + " set DATASOURCES_DEFAULT_URL, DATASOURCES_DEFAULT_USERNAME and DATASOURCES_DEFAULT_PASSWORD.");
        }
    }

    /** A production start without a database. */
    public static final class NoDatabaseConfigured extends IllegalStateException {
        NoDatabaseConfigured(String message) {
            super(message);
        }
    }

    private static boolean production() {
        String environments = System.getProperty("micronaut.environments", System.getenv("MICRONAUT_ENVIRONMENTS"));
        return environments != null && java.util.Arrays.stream(environments.split(","))
                .anyMatch(name -> name.trim().equalsIgnoreCase("production"));
    }

    static boolean externalDatabaseConfigured() {
        return notBlank(System.getenv(URL_ENV)) || notBlank(System.getProperty(URL_PROPERTY));
    }

    private static Path embeddedRoot() {
        String dir = System.getProperty(EMBEDDED_DIR_PROPERTY, System.getenv(EMBEDDED_DIR_ENV));
        return notBlank(dir) ? Path.of(dir) : EmbeddedMariaDb.defaultRoot().toPath();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
