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

    private static final String INSERT = "INSERT INTO event (org_id, id, name, event_at, created_at, updated_at,"
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
                        bind(insert, ids.next(), worker);
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

    /** The same shape of row the benchmark posts over HTTP (see ingest-events.lua). */
    private static void bind(PreparedStatement insert, long id, int worker) throws Exception {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        int n = ThreadLocalRandom.current().nextInt(100_000);
        insert.setLong(1, 2);
        insert.setLong(2, id);
        insert.setString(3, "email_opened");
        insert.setObject(4, now);
        insert.setObject(5, now);
        insert.setObject(6, now);
        insert.setString(7, "https://mail.example.com/m/" + n);
        insert.setString(8, "{\"messageId\":\"<" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + "@mail.example.com>\",\"smtpStatus\":250,\"mailbox\":\"sales-" + (n % 50) + "\",\"headers\":"
                + "{\"x-campaign\":\"spring-launch\",\"x-sequence-step\":" + (n % 7) + "},\"tracking\":{\"opens\":"
                + (n % 5) + ",\"clicks\":" + (n % 3) + ",\"userAgent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)"
                + " AppleWebKit/605.1.15 (KHTML, like Gecko)\"}}");
        insert.setString(9, "Lyon");
        insert.setString(10, "desktop");
        insert.setString(11, "mail.example.com");
        insert.setBoolean(12, false);
        insert.setString(13, "ARA");
        insert.setString(14, "acc-" + (n % 3000));
        insert.setString(15, "p-" + n);
        insert.setString(16, "m-" + worker);
    }

}
