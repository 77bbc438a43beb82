package io.eventstore.bench;

import io.eventstore.ids.IdGenerator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ceiling of the ingest benchmark (not a test): the same rows the service stores, inserted
 * by a plain JDBC batch loop into the same database at the same concurrency. Prints one line:
 * {@code rows_per_second p50_ms p99_ms}. Used by {@code src/bench/ingest-benchmark.sh}.
 * Arguments: JDBC URL, seconds, concurrency, rows per batch.
 */
public final class JdbcInsertCeiling {

    static final String INSERT = "INSERT INTO event (org_id, id, name, event_at, created_at, updated_at,"
            + " external_url, payload, request_city, request_device, request_host, request_proxied, request_region,"
            + " account_id, prospect_id, mailing_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private JdbcInsertCeiling() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int seconds = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int rowsPerBatch = Integer.parseInt(args[3]);
        IdGenerator ids = new IdGenerator(1023);
        run(url, Math.max(1, seconds / 3), concurrency, rowsPerBatch, ids); // warm-up, as the service had
        ClosedLoop.Result result = run(url, seconds, concurrency, rowsPerBatch, ids);
        System.out.printf("%.0f %.1f %.1f%n", result.perSecond() * rowsPerBatch,
                result.percentileMillis(0.50), result.percentileMillis(0.99));
    }

    private static ClosedLoop.Result run(String url, int seconds, int concurrency, int rowsPerBatch, IdGenerator ids) throws Exception {
        return ClosedLoop.run(seconds, concurrency, worker -> {
            Connection connection = DriverManager.getConnection(url, BenchDatabase.user(), BenchDatabase.password());
            PreparedStatement insert = connection.prepareStatement(INSERT);
            return new ClosedLoop.Client() {
                @Override
                public void call() throws Exception {
                    for (int i = 0; i < rowsPerBatch; i++) {
                        bind(insert, 0, ids.next(), worker);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }

                @Override
                public void close() throws Exception {
                    connection.close();
                }
            };
        });
    }

    /**
     * The same shape of row the benchmark posts over HTTP (see ingest-events.lua), bound to the 16
     * parameters after {@code offset} in INSERT's column order.
     */
    static void bind(PreparedStatement insert, int offset, long id, int worker) throws Exception {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        int n = ThreadLocalRandom.current().nextInt(100_000);
        insert.setLong(offset + 1, 2);
        insert.setLong(offset + 2, id);
        insert.setString(offset + 3, "email_opened");
        insert.setObject(offset + 4, now);
        insert.setObject(offset + 5, now);
        insert.setObject(offset + 6, now);
        insert.setString(offset + 7, "https://mail.example.com/m/" + n);
        insert.setString(offset + 8, "{\"messageId\":\"<" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + "@mail.example.com>\",\"smtpStatus\":250,\"mailbox\":\"sales-" + (n % 50) + "\",\"headers\":"
                + "{\"x-campaign\":\"spring-launch\",\"x-sequence-step\":" + (n % 7) + "},\"tracking\":{\"opens\":"
                + (n % 5) + ",\"clicks\":" + (n % 3) + ",\"userAgent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)"
                + " AppleWebKit/605.1.15 (KHTML, like Gecko)\"}}");
        insert.setString(offset + 9, "Lyon");
        insert.setString(offset + 10, "desktop");
        insert.setString(offset + 11, "mail.example.com");
        insert.setBoolean(offset + 12, false);
        insert.setString(offset + 13, "ARA");
        insert.setString(offset + 14, "acc-" + (n % 3000));
        insert.setString(offset + 15, "p-" + n);
        insert.setString(offset + 16, "m-" + worker);
    }

}
