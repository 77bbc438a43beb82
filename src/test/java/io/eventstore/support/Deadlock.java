package io.eventstore.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A real deadlock between a request of the service and a transaction of the test, with the service
 * as its victim: the test locks {@code second} (after changing the {@code ballast} rows, enough that InnoDB, which
 * rolls back the lighter transaction, picks the service), the request locks {@code first} and waits
 * for {@code second}, then the test asks for {@code first}. The test's transaction then commits, so
 * a retry of the request's transaction goes through.
 */
public final class Deadlock {

    private Deadlock() {
    }

    /** Twenty events for the test's side of a deadlock to change, so that InnoDB picks the request as the victim. */
    public static List<Long> ballast(Api api) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(Long.parseLong(api.create(EventDocument.event("ballast"))));
        }
        return ids;
    }

    /** Runs {@code request} (which must lock {@code first}, then {@code second}) into the deadlock; answers its reply. */
    public static Reply around(Store store, long org, List<Long> ballast, long first, long second, Callable<Reply> request)
            throws Exception {
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection holder = store.connection()) {
            holder.setAutoCommit(false);
            // by primary key: a scan would lock the request's rows too, and there would be no deadlock
            try (PreparedStatement change = holder.prepareStatement(
                    "UPDATE event SET body = CONCAT('ballast ', id) WHERE org_id = ? AND id = ?")) {
                for (long id : ballast) {
                    change.setLong(1, org);
                    change.setLong(2, id);
                    change.executeUpdate();
                }
            }
            lock(holder, org, second);
            Future<Reply> reply = client.submit(request);
            awaitLockWait(store, second, Duration.ofSeconds(10), reply);
            lock(holder, org, first); // the deadlock: InnoDB rolls back the request's transaction, which frees first
            holder.commit();
            return reply.get(30, TimeUnit.SECONDS);
        } finally {
            client.shutdownNow();
        }
    }

    private static void lock(Connection connection, long org, long id) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM event WHERE org_id = ? AND id = ? FOR UPDATE")) {
            lock.setLong(1, org);
            lock.setLong(2, id);
            try (ResultSet rows = lock.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no event " + id);
                }
            }
        }
    }

    /** Until the request's statement that locks {@code id} waits (the driver sends its values inline, so it shows). */
    private static void awaitLockWait(Store store, long id, Duration timeout, Future<Reply> reply) throws Exception {
        try (Connection watcher = store.connection();
             PreparedStatement waiting = watcher.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                     + " WHERE ID <> CONNECTION_ID() AND INFO LIKE ?")) {
            waiting.setString(1, "%id = " + id + " FOR UPDATE");
            boolean waits = Await.until(timeout, () -> {
                if (reply.isDone()) {
                    throw new IllegalStateException("the request ended without waiting for the test's lock: " + reply.get());
                }
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    return rows.getLong(1) > 0;
                }
            }, Boolean::booleanValue);
            if (waits) {
                return;
            }
        }
        throw new IllegalStateException("the request never waited for the test's lock on " + id);
    }
}
