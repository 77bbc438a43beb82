package io.eventstore.db;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded server's account: user {@code eventstore} with a password generated at the first
 * start, in the file {@code credentials} of the embedded directory, readable by its owner only.
 * A server without it (a directory from before it existed, or a new one) runs its first start
 * without grant checks, just long enough to create the account; every later start checks grants.
 */
record Credentials(String user, String password) {

    /** The account of a server that still runs without grant checks (started before credentials existed). */
    static final Credentials LEGACY = new Credentials("root", "");
    private static final String FILE = "credentials";
    private static final String[] HOSTS = {"127.0.0.1", "localhost"};

    static Optional<Credentials> read(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + file, e);
        }
        return Optional.of(new Credentials(properties.getProperty("user"), properties.getProperty("password")));
    }

    /**
     * On a server started without grant checks: turns them on (FLUSH PRIVILEGES), removes anonymous
     * accounts, creates the service's account with a new password and writes the file (after the
     * account exists, so that a failure in between leaves a directory that the next start secures).
     */
    static Credentials create(Path root, int port) throws SQLException, IOException {
        Credentials credentials = new Credentials(EmbeddedMariaDb.USER, newPassword());
        String url = "jdbc:mysql://127.0.0.1:" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        try (Connection connection = DriverManager.getConnection(url, LEGACY.user(), LEGACY.password());
             Statement statement = connection.createStatement()) {
            statement.execute("FLUSH PRIVILEGES");
            statement.execute("DELETE FROM mysql.global_priv WHERE User = ''");
            for (String host : HOSTS) {
                String account = "'" + credentials.user() + "'@'" + host + "'";
                statement.execute("CREATE USER IF NOT EXISTS " + account);
                statement.execute("ALTER USER " + account + " IDENTIFIED BY '" + credentials.password() + "'");
                statement.execute("GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION");
            }
            statement.execute("FLUSH PRIVILEGES");
        }
        Path file = root.resolve(FILE);
        Path written = root.resolve(FILE + ".new");
        Files.deleteIfExists(written);
        Files.createFile(written, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties properties = new Properties();
        properties.setProperty("user", credentials.user());
        properties.setProperty("password", credentials.password());
        try (Writer writer = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
            properties.store(writer, "the embedded MariaDB's account (generated at its first start)");
        }
        Files.move(written, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return credentials;
    }

    /** 32 random bytes, URL-safe base64: no quote or backslash can reach the SQL above. */
    private static String newPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + "]"; // never the password
    }
}
