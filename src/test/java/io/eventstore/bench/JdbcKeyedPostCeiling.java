package io.eventstore.bench;

import io.eventstore.ids.IdGenerator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The ceiling of a single keyed post (not a test): what one {@code POST /events} with an
 * Idempotency-Key must do in the database, by a plain JDBC loop at the same concurrency, one
 * transaction per event: insert the event, insert its change (the feed's row, written in the same
 * transaction by the service; left out with {@code withoutChange}), insert the key's row with the
 * answer, commit. Durable as the service's: the server's innodb_flush_log_at_trx_commit stays 1.
 * Prints {@code events_per_second p50_ms p99_ms}.
 * Arguments: JDBC URL, seconds, concurrency, [mode]: {@code withoutChange} leaves the change row
 * out; {@code twoStep} claims the key's row first and stores the answer on it after the event (the
 * service's way before 2026-12-06: one statement more); {@code asService} runs each transaction as
 * the service's transaction manager does (db/StartTransactionManager: {@code START TRANSACTION} ...
 * {@code COMMIT} on an auto-committing connection, one statement more than the ceiling's), and
 * {@code autocommitSwitch} as Micronaut's did (autocommit set off and on around each, two more), to
 * tell what they cost from what the service's own code costs.
 */
public final class JdbcKeyedPostCeiling {

    private static final String INSERT_KEY = "INSERT INTO idempotency_key (org_id, idem_key, request_hash, status, location,"
            + " content_type, response, created_at, expires_at) VALUES (?, ?, ?, 0, NULL, NULL, '', ?, ?)";
    private static final String INSERT_KEY_WITH_ANSWER = "INSERT INTO idempotency_key (org_id, idem_key, request_hash, status,"
            + " location, content_type, response, created_at, expires_at) VALUES (?, ?, ?, 201, ?, ?, ?, ?, ?)";
    private static final String INSERT_CHANGE = "INSERT INTO event_change (change_id, kind, changed_at, org_id, id, name,"
            + " event_at, created_at, updated_at, external_url, payload, request_city, request_device, request_host,"
            + " request_proxied, request_region, account_id, prospect_id, mailing_id)"
            + " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String STORE_ANSWER = "UPDATE idempotency_key SET status = 201, location = ?, content_type = ?,"
            + " response = ? WHERE org_id = ? AND idem_key = ?";
    // about the size of the service's answer to one post (the event as JSON:API)
    private static final byte[] ANSWER = new byte[1_400];
    private static final String ANSWER_TEXT = "x".repeat(1_400); // as the service sends its answer: text
    private static final java.util.concurrent.atomic.LongAdder DEADLOCKS = new java.util.concurrent.atomic.LongAdder();

    /** How a transaction begins: as the ceiling (the connection never auto-commits), as the service, as Micronaut's manager. */
    private enum Begin { NONE, START_TRANSACTION, AUTOCOMMIT_SWITCH }

    private JdbcKeyedPostCeiling() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int seconds = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        String mode = args.length > 3 ? args[3] : "";
        boolean change = !mode.equals("withoutChange");
        Begin begin = switch (mode) {
            case "asService" -> Begin.START_TRANSACTION;
            case "autocommitSwitch" -> Begin.AUTOCOMMIT_SWITCH;
            default -> Begin.NONE;
        };
        boolean twoStep = mode.equals("twoStep");
        Arrays.fill(ANSWER, (byte) 'x');
        IdGenerator ids = new IdGenerator(1022);
        run(url, Math.max(1, seconds / 3), concurrency, change, begin, twoStep, ids); // warm-up, as the service had
        DEADLOCKS.reset();
        ClosedLoop.Result result = run(url, seconds, concurrency, change, begin, twoStep, ids);
        System.err.println("keyed-post ceiling: " + DEADLOCKS.sum() + " transactions run again after a deadlock");
        System.out.printf("%.0f %.1f %.1f%n", result.perSecond(), result.percentileMillis(0.50), result.percentileMillis(0.99));
    }

    private static ClosedLoop.Result run(String url, int seconds, int concurrency, boolean change, Begin begin,
                                         boolean twoStep, IdGenerator ids) throws Exception {
        return ClosedLoop.run(seconds, concurrency, worker -> {
            Connection connection = DriverManager.getConnection(url, BenchDatabase.user(), BenchDatabase.password());
            connection.setAutoCommit(begin == Begin.START_TRANSACTION);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            PreparedStatement key = connection.prepareStatement(INSERT_KEY);
            PreparedStatement event = connection.prepareStatement(JdbcInsertCeiling.INSERT);
            PreparedStatement feed = connection.prepareStatement(INSERT_CHANGE);
            PreparedStatement answer = connection.prepareStatement(STORE_ANSWER);
            PreparedStatement keyWithAnswer = connection.prepareStatement(INSERT_KEY_WITH_ANSWER);
            Statement control = connection.createStatement();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return new ClosedLoop.Client() {
                @Override
                public void call() throws Exception {
                    // a deadlock with the sequencer's positioning runs the transaction again, as the service does
                    for (int attempt = 1; ; attempt++) {
                        try {
                            post();
                            return;
                        } catch (java.sql.SQLTransactionRollbackException e) {
                            if (begin == Begin.START_TRANSACTION) {
                                control.execute("ROLLBACK");
                            } else {
                                connection.rollback();
                            }
                            DEADLOCKS.increment();
                            if (attempt > 3) {
                                Thread.sleep(attempt); // as the service's retry backs off
                            }
                        }
                    }
                }

                private void post() throws Exception {
                    long id = ids.next();
                    String idempotencyKey = "ceiling-" + id;
                    byte[] hash = sha256.digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
                    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                    if (begin == Begin.START_TRANSACTION) {
                        control.execute("START TRANSACTION");
                    } else if (begin == Begin.AUTOCOMMIT_SWITCH) {
                        connection.setAutoCommit(false);
                    }
                    if (twoStep) {
                        key.setLong(1, 2);
                        key.setString(2, idempotencyKey);
                        key.setBytes(3, hash);
                        key.setObject(4, now);
                        key.setObject(5, now.plusHours(24));
                        key.executeUpdate();
                    }
                    JdbcInsertCeiling.bind(event, 0, id, worker);
                    event.executeUpdate();
                    if (change) {
                        feed.setLong(1, id);
                        feed.setObject(2, now);
                        JdbcInsertCeiling.bind(feed, 2, id, worker);
                        feed.executeUpdate();
                    }
                    if (twoStep) {
                        answer.setString(1, "http://127.0.0.1/events/" + id);
                        answer.setString(2, "application/vnd.api+json");
                        answer.setBytes(3, ANSWER);
                        answer.setLong(4, 2);
                        answer.setString(5, idempotencyKey);
                        answer.executeUpdate();
                    } else {
                        keyWithAnswer.setLong(1, 2);
                        keyWithAnswer.setString(2, idempotencyKey);
                        keyWithAnswer.setBytes(3, hash);
                        keyWithAnswer.setString(4, "http://127.0.0.1/events/" + id);
                        keyWithAnswer.setString(5, "application/vnd.api+json");
                        keyWithAnswer.setString(6, ANSWER_TEXT);
                        keyWithAnswer.setObject(7, now);
                        keyWithAnswer.setObject(8, now.plusHours(24));
                        keyWithAnswer.executeUpdate();
                    }
                    if (begin == Begin.START_TRANSACTION) {
                        control.execute("COMMIT");
                    } else {
                        connection.commit();
                    }
                    if (begin == Begin.AUTOCOMMIT_SWITCH) {
                        connection.setAutoCommit(true);
                    }
                }

                @Override
                public void close() throws Exception {
                    connection.close();
                }
            };
        });
    }
}
