package io.eventstore.support;

import io.eventstore.db.EmbeddedMariaDb;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one place that picks the database the tests run against, once per JVM:
 * <ol>
 *   <li>an external MySQL-compatible server when {@code EVENT_STORE_TEST_DB_URL} names one
 *       (with {@code EVENT_STORE_TEST_DB_USER} and {@code EVENT_STORE_TEST_DB_PASSWORD});</li>
 *   <li>else Testcontainers MySQL 8 when a Docker engine answers;</li>
 *   <li>else the embedded MariaDB, with a fresh data directory under {@code target/}.</li>
 * </ol>
 * The choice is handed to the service as the same properties a deployment would set.
 */
public final class TestDatabase {

    private static String description;

    private TestDatabase() {
    }

    public static synchronized String ensureChosen() {
        if (description == null) {
            description = choose();
            System.out.println("tests run against " + description);
        }
        return description;
    }

    private static String choose() {
        String external = System.getenv("EVENT_STORE_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            use(external, env("EVENT_STORE_TEST_DB_USER", "root"), env("EVENT_STORE_TEST_DB_PASSWORD", ""));
            return "the external server " + external.replaceAll("\\?.*", "");
        }
        if (dockerAnswers()) {
            MySQLContainer<?> mysql = new MySQLContainer<>("mysql:8.0").withDatabaseName("eventstore");
            mysql.start();
            use(mysql.getJdbcUrl(), mysql.getUsername(), mysql.getPassword());
            return "Testcontainers " + mysql.getDockerImageName();
        }
        Path dir = Path.of("target", "test-mariadb");
        deleteRecursively(dir);
        System.setProperty("event-store.embedded-db.dir", dir.toAbsolutePath().toString());
        System.setProperty(EmbeddedMariaDb.DISPOSABLE_PROPERTY, "true"); // a checkout under /tmp is fine for tests
        return "the embedded MariaDB in " + dir;
    }

    private static void use(String url, String user, String password) {
        System.setProperty("datasources.default.url", url);
        System.setProperty("datasources.default.username", user);
        System.setProperty("datasources.default.password", password);
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear " + dir, e);
        }
    }
}
