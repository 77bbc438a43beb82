package io.eventstore.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The schema migrations packaged with the service (schema/migrations, on the class path as
 * db/migration), read without Flyway: each one's version, description and checksum as Flyway
 * computes them and writes them to its history (CRC-32 of each line's UTF-8 bytes, line breaks and a
 * byte-order mark opening a line left out). Loading Flyway costs about half a second of a start, and a start
 * on a current schema needs none of it ({@link CurrentSchema}); {@code PackagedMigrationsTest}
 * holds these figures equal to Flyway's own.
 */
final class PackagedMigrations {

    static final String DIRECTORY = "db/migration";
    /** Flyway's versioned SQL migration: V, the version (parts separated by . or _), two underscores, the description. */
    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__(.+)\\.sql");

    record Migration(String version, String description, int checksum) { }

    /** What the jar holds does not change while the process runs: read once (two threads may both read it first). */
    private static volatile Optional<List<Migration>> packaged;

    private PackagedMigrations() {
    }

    /**
     * The packaged migrations, oldest first; empty when the directory holds a file this reading does
     * not understand (a repeatable or undo migration, another suffix): Flyway then decides alone.
     */
    static Optional<List<Migration>> read() {
        Optional<List<Migration>> known = packaged;
        if (known == null) {
            known = scan();
            packaged = known;
        }
        return known;
    }

    private static Optional<List<Migration>> scan() {
        List<String> names = fileNames();
        List<Migration> migrations = new ArrayList<>();
        for (String name : names) {
            Matcher versioned = VERSIONED.matcher(name);
            if (!versioned.matches()) {
                return Optional.empty();
            }
            migrations.add(new Migration(versioned.group(1).replace('_', '.'), versioned.group(2).replace('_', ' '),
                    checksum(DIRECTORY + "/" + name)));
        }
        migrations.sort(Comparator.comparing(Migration::version, PackagedMigrations::compareVersions));
        return Optional.of(List.copyOf(migrations));
    }

    /** The newest packaged version (a schema at it is current); empty when {@link #read()} is. */
    static Optional<String> newestVersion() {
        return read().filter(all -> !all.isEmpty()).map(all -> all.get(all.size() - 1).version());
    }

    /** Compares versions as Flyway does: part by part, numerically ("1.10" after "1.9", "2" after "1.9"). */
    static int compareVersions(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            BigInteger x = i < a.length ? new BigInteger(a[i]) : BigInteger.ZERO;
            BigInteger y = i < b.length ? new BigInteger(b[i]) : BigInteger.ZERO;
            int order = x.compareTo(y);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /** Flyway's checksum of a text: CRC-32 over each line's UTF-8 bytes, without line breaks or a byte-order mark opening a line. */
    static int checksum(BufferedReader lines) throws IOException {
        CRC32 crc = new CRC32();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
            crc.update(text.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }

    private static int checksum(String resource) {
        try (InputStream in = loader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("packaged migration " + resource + " cannot be read");
            }
            return checksum(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files directly in db/migration: in the service's jar, or in a directory when run from a build's classes. */
    private static List<String> fileNames() {
        URL directory = loader().getResource(DIRECTORY + "/");
        if (directory == null) {
            return List.of();
        }
        try {
            if ("jar".equals(directory.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) directory.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    List<String> names = new ArrayList<>();
                    String prefix = DIRECTORY + "/";
                    for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                        String entry = entries.nextElement().getName();
                        if (entry.startsWith(prefix) && entry.length() > prefix.length()
                                && entry.indexOf('/', prefix.length()) < 0) {
                            names.add(entry.substring(prefix.length()));
                        }
                    }
                    return names;
                }
            }
            try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
                return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClassLoader loader() {
        return PackagedMigrations.class.getClassLoader();
    }
}
