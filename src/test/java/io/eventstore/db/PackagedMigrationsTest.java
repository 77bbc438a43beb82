package io.eventstore.db;

import io.eventstore.db.PackagedMigrations.Migration;
import io.eventstore.support.SharedService;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migrations read from the jar without Flyway carry the very versions, descriptions and
 * checksums Flyway resolves for them (which its history stores and the start's fast path compares).
 */
@ExtendWith(SharedService.class)
class PackagedMigrationsTest {

    @Inject
    DataSource dataSource;

    @Test
    void eachPackagedMigrationIsWhatFlywayResolves() {
        MigrationInfo[] resolved = Flyway.configure().dataSource(DelegatingDataSource.unwrapDataSource(dataSource)).locations(SchemaMigrations.LOCATION).load().info().all();
        List<Migration> flyway = Arrays.stream(resolved).filter(info -> info.getChecksum() != null)
                .map(info -> new Migration(info.getVersion().getVersion(), info.getDescription(), info.getChecksum())).toList();
        List<Migration> packaged = PackagedMigrations.read().orElseThrow();
        assertTrue(packaged.size() >= 8, packaged.toString());
        assertEquals(flyway, packaged);
        assertEquals(flyway.get(flyway.size() - 1).version(), PackagedMigrations.newestVersion().orElseThrow());
    }

    @Test
    void theChecksumIgnoresLineBreaksAndALeadingByteOrderMarkAsFlywayDoes() throws IOException {
        int unix = checksum("CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\n");
        assertEquals(unix, checksum("CREATE TABLE t (id INT);\r\nINSERT INTO t VALUES (1);\r\n"));
        assertEquals(unix, checksum("\uFEFFCREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);"));
        assertNotEquals(unix, checksum("CREATE TABLE t (id INT);\nINSERT INTO t VALUES (2);\n"));
        assertEquals(0, checksum(""));
    }

    @Test
    void versionsCompareNumericallyPartByPart() {
        assertTrue(PackagedMigrations.compareVersions("10", "9") > 0);
        assertTrue(PackagedMigrations.compareVersions("1.10", "1.9") > 0);
        assertTrue(PackagedMigrations.compareVersions("2", "1.9") > 0);
        assertEquals(0, PackagedMigrations.compareVersions("1.0", "1"));
        assertTrue(PackagedMigrations.compareVersions("0", "1") < 0);
    }

    private static int checksum(String text) throws IOException {
        return PackagedMigrations.checksum(new BufferedReader(new StringReader(text)));
    }
}
