package io.eventstore.bench;

import io.eventstore.event.EventField;
import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.Filter;
import io.eventstore.event.query.Micros;
import io.eventstore.event.query.PageRequest;
import io.eventstore.event.query.SortKey;
import io.eventstore.event.store.EventSql;
import io.eventstore.event.store.SqlStatement;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The ceiling of the export benchmark: a plain JDBC loop that reads what an export reads (the
 * service's own keyset statement, chunks of 1,000, newest first) and writes every column of every
 * row as the driver's bytes (no decoding, no formatting) to /dev/null, tab-separated, with none of
 * the service's work (HTTP, JSON:API documents, escaping, cursors). One thread, one chunk after the
 * other: the service may beat it by reading the next chunk while the previous one is written.
 * Prints "RESULT events seconds".
 *
 * <pre>java -cp ... io.eventstore.bench.ExportCeiling JDBC_URL ORG FROM TO</pre>
 */
public final class ExportCeiling {

    private ExportCeiling() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long org = Long.parseLong(args[1]);
        List<Filter> filters = List.of(new Filter.Range(EventField.EVENT_AT, Instant.parse(args[2]), true, Instant.parse(args[3]), true));
        SortKey sort = SortKey.NEWEST_FIRST;
        long started = System.nanoTime();
        long events = 0;
        try (Connection connection = DriverManager.getConnection(url, BenchDatabase.user(), BenchDatabase.password());
             OutputStream out = new BufferedOutputStream(new FileOutputStream("/dev/null"), 1 << 16)) {
            Cursor after = null;
            while (true) {
                SqlStatement statement = EventSql.page(org, filters, sort, new PageRequest(1000, after, null, false), 1000);
                int rows = 0;
                Instant lastAt = null;
                long lastId = 0;
                try (PreparedStatement select = connection.prepareStatement(statement.sql())) {
                    for (int i = 0; i < statement.parameters().size(); i++) {
                        select.setObject(i + 1, statement.parameters().get(i));
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int c = 1; c <= columns; c++) {
                                byte[] value = rs.getBytes(c);
                                if (value != null) {
                                    out.write(value);
                                }
                                out.write(c == columns ? '\n' : '\t');
                            }
                            lastId = rs.getLong(2);
                            lastAt = rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                            rows++;
                        }
                    }
                }
                events += rows;
                if (rows < 1000) {
                    break;
                }
                after = new Cursor(org, sort.signature(), List.of(Micros.of(lastAt)), lastId);
            }
        }
        System.out.printf("RESULT %d %.3f%n", events, (System.nanoTime() - started) / 1e9);
    }
}
