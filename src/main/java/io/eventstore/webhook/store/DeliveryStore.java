package io.eventstore.webhook.store;

import io.eventstore.event.ChangeKind;
import io.eventstore.webhook.Delivery;
import io.eventstore.webhook.DeliveryState;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code webhook_delivery} table (schema/migrations V7): deliveries made, claimed, finished, listed and swept. */
@Singleton
public class DeliveryStore {

    /** A delivery to be made: one change for one hook, its document written. */
    public record New(long orgId, long id, long webhookId, long position, ChangeKind kind, long eventId, byte[] body) {
    }

    /** A delivery due, and the number of its next attempt. */
    public record Due(long orgId, long id, long webhookId, int attempt) {
    }

    /**
     * When a delivery of a hook that is off is due: never, until the hook is on again (so that no
     * such delivery stays at the head of what is due, in the way of the others).
     */
    static final Instant PARKED = Instant.parse("9999-12-31T00:00:00Z");

    /** What an attempt got. {@code status} is null when no answer came. */
    public record Outcome(Instant at, Integer status, int latencyMillis, String error) {
    }

    static final String COLUMNS = "org_id, delivery_id, webhook_id, feed_position, kind, event_id, state, attempts,"
            + " created_at, last_attempt_at, last_status, last_latency_ms, last_error, next_attempt_at";

    private final Sql sql;

    public DeliveryStore(JdbcOperations jdbc) {
        this.sql = new Sql(jdbc);
    }

    /** Inserts the deliveries, due at once; one already made for its hook and position is left as it is. */
    public void insert(List<New> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return;
        }
        sql.update("INSERT IGNORE INTO webhook_delivery (org_id, delivery_id, webhook_id, feed_position, kind, event_id, body,"
                + " state, attempts, next_attempt_at, created_at) VALUES "
                + String.join(", ", java.util.Collections.nCopies(deliveries.size(), "(?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")), insert -> {
            int index = 1;
            for (New delivery : deliveries) {
                insert.setLong(index++, delivery.orgId());
                insert.setLong(index++, delivery.id());
                insert.setLong(index++, delivery.webhookId());
                insert.setLong(index++, delivery.position());
                insert.setInt(index++, delivery.kind().code());
                insert.setLong(index++, delivery.eventId());
                insert.setBytes(index++, delivery.body());
                insert.setInt(index++, DeliveryState.PENDING.code());
                Sql.time(insert, index++, now);
                Sql.time(insert, index++, now);
            }
        });
    }

    /**
     * Up to {@code limit} pending deliveries due by {@code now}, the longest due first: a range of
     * the due index, with no join (joined to the hooks, the optimizer began with the hooks and
     * sorted every pending delivery of theirs, bodies and all, on every round).
     */
    public List<Due> due(Instant now, int limit) {
        return sql.query("SELECT org_id, delivery_id, webhook_id, attempts FROM webhook_delivery"
                + " WHERE state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?", select -> {
            select.setInt(1, DeliveryState.PENDING.code());
            Sql.time(select, 2, now);
            select.setInt(3, limit);
        }, row -> new Due(row.getLong(1), row.getLong(2), row.getLong(3), row.getInt(4) + 1));
    }

    /** The documents of these deliveries, by id. */
    public java.util.Map<Long, byte[]> bodies(List<Due> deliveries) {
        java.util.Map<Long, byte[]> bodies = new java.util.HashMap<>();
        if (deliveries.isEmpty()) {
            return bodies;
        }
        String keys = String.join(" OR ", java.util.Collections.nCopies(deliveries.size(), "(org_id = ? AND delivery_id = ?)"));
        sql.query("SELECT delivery_id, body FROM webhook_delivery WHERE " + keys, select -> bindKeys(select, 1, deliveries),
                row -> bodies.put(row.getLong(1), row.getBytes(2)));
        return bodies;
    }

    private static void bindKeys(java.sql.PreparedStatement statement, int first, List<Due> due) throws SQLException {
        int index = first;
        for (Due delivery : due) {
            statement.setLong(index++, delivery.orgId());
            statement.setLong(index++, delivery.id());
        }
    }

    /** Parks these due deliveries (their hook is off or gone): not due until {@link #unpark}. */
    public void park(List<Due> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return;
        }
        sql.batch("UPDATE webhook_delivery SET next_attempt_at = ? WHERE org_id = ? AND delivery_id = ? AND state = ?"
                + " AND next_attempt_at <= ?", update -> {
            for (Due delivery : deliveries) {
                Sql.time(update, 1, PARKED);
                update.setLong(2, delivery.orgId());
                update.setLong(3, delivery.id());
                update.setInt(4, DeliveryState.PENDING.code());
                Sql.time(update, 5, now);
                update.addBatch();
            }
        });
    }

    /** The hook is on again: its parked deliveries are due now. */
    public void unpark(long orgId, long webhookId, Instant now) {
        sql.update("UPDATE webhook_delivery SET next_attempt_at = ? WHERE org_id = ? AND webhook_id = ? AND state = ?"
                + " AND next_attempt_at = ?", update -> {
            Sql.time(update, 1, now);
            update.setLong(2, orgId);
            update.setLong(3, webhookId);
            update.setInt(4, DeliveryState.PENDING.code());
            Sql.time(update, 5, PARKED);
        });
    }

    /**
     * Claims these deliveries for one attempt each, if they are still due (no other instance took
     * them): counts the attempt and leases each until {@code leaseUntil}, when it is due again
     * should this instance die before it records the outcome. One JDBC batch of conditional
     * updates, each by primary key (a single UPDATE over a list of keys let the optimizer scan, and
     * lock, every pending row through the due index); run it in a transaction for one commit.
     * Answers those claimed.
     */
    public List<Due> claim(List<Due> due, long claim, Instant now, Instant leaseUntil) {
        if (due.isEmpty()) {
            return List.of();
        }
        int[] counts = sql.batch("UPDATE webhook_delivery SET claim = ?, attempts = ?, next_attempt_at = ?"
                + " WHERE org_id = ? AND delivery_id = ? AND state = ? AND attempts = ? AND next_attempt_at <= ?", update -> {
            for (Due delivery : due) {
                update.setLong(1, claim);
                update.setInt(2, delivery.attempt());
                Sql.time(update, 3, leaseUntil);
                update.setLong(4, delivery.orgId());
                update.setLong(5, delivery.id());
                update.setInt(6, DeliveryState.PENDING.code());
                update.setInt(7, delivery.attempt() - 1);
                Sql.time(update, 8, now);
                update.addBatch();
            }
        });
        List<Due> claimed = new java.util.ArrayList<>(due.size());
        for (int i = 0; i < due.size(); i++) {
            // a rewritten batch may report SUCCESS_NO_INFO (-2) rather than counts: then the claims are read back
            if (counts[i] == 1) {
                claimed.add(due.get(i));
            } else if (counts[i] == java.sql.Statement.SUCCESS_NO_INFO) {
                return claimedBy(due, claim);
            }
        }
        return claimed;
    }

    private List<Due> claimedBy(List<Due> due, long claim) {
        java.util.Set<Long> won = new java.util.HashSet<>();
        for (Due delivery : due) {
            sql.query("SELECT delivery_id FROM webhook_delivery WHERE org_id = ? AND delivery_id = ? AND claim = ?", select -> {
                select.setLong(1, delivery.orgId());
                select.setLong(2, delivery.id());
                select.setLong(3, claim);
            }, row -> won.add(row.getLong(1)));
        }
        return due.stream().filter(delivery -> won.contains(delivery.id())).toList();
    }

    /**
     * Records an attempt's outcome, if the attempt still holds its claim: the delivery is then
     * {@code state}, due again at {@code next} while pending (for a finished one: when it finished).
     */
    public boolean record(Due attempt, long claim, Outcome outcome, DeliveryState state, Instant next) {
        return sql.update("UPDATE webhook_delivery SET state = ?, next_attempt_at = ?, claim = 0, last_attempt_at = ?,"
                + " last_status = ?, last_latency_ms = ?, last_error = ? WHERE org_id = ? AND delivery_id = ? AND claim = ?", update -> {
            update.setInt(1, state.code());
            Sql.time(update, 2, next);
            Sql.time(update, 3, outcome.at());
            if (outcome.status() == null) {
                update.setNull(4, java.sql.Types.INTEGER);
            } else {
                update.setInt(4, outcome.status());
            }
            update.setInt(5, outcome.latencyMillis());
            update.setString(6, outcome.error() == null ? null
                    : outcome.error().substring(0, Math.min(512, outcome.error().length())));
            update.setLong(7, attempt.orgId());
            update.setLong(8, attempt.id());
            update.setLong(9, claim);
        }) == 1;
    }

    /** A hook's deliveries, newest first, after {@code afterId} (the last of the previous page) if given. */
    public List<Delivery> list(long orgId, long webhookId, DeliveryState state, Long afterId, int limit) {
        String where = " WHERE org_id = ? AND webhook_id = ?" + (state == null ? "" : " AND state = ?")
                + (afterId == null ? "" : " AND delivery_id < ?");
        return sql.query("SELECT " + COLUMNS + " FROM webhook_delivery" + where + " ORDER BY delivery_id DESC LIMIT ?", select -> {
            int index = 1;
            select.setLong(index++, orgId);
            select.setLong(index++, webhookId);
            if (state != null) {
                select.setInt(index++, state.code());
            }
            if (afterId != null) {
                select.setLong(index++, afterId);
            }
            select.setInt(index, limit);
        }, DeliveryStore::read);
    }

    public Optional<Delivery> find(long orgId, long webhookId, long id) {
        return sql.query("SELECT " + COLUMNS + " FROM webhook_delivery WHERE org_id = ? AND delivery_id = ? AND webhook_id = ?", select -> {
            select.setLong(1, orgId);
            select.setLong(2, id);
            select.setLong(3, webhookId);
        }, DeliveryStore::read).stream().findFirst();
    }

    /** A failed delivery due again at {@code now}, for one more attempt; answers whether it was failed. */
    public boolean retry(long orgId, long webhookId, long id, Instant now) {
        return sql.update("UPDATE webhook_delivery SET state = ?, next_attempt_at = ?, claim = 0"
                + " WHERE org_id = ? AND delivery_id = ? AND webhook_id = ? AND state = ?", update -> {
            update.setInt(1, DeliveryState.PENDING.code());
            Sql.time(update, 2, now);
            update.setLong(3, orgId);
            update.setLong(4, id);
            update.setLong(5, webhookId);
            update.setInt(6, DeliveryState.FAILED.code());
        }) == 1;
    }

    /** Deletes up to {@code limit} deliveries of a hook (it is being deleted); answers how many. */
    public int deleteOfHook(long orgId, long webhookId, int limit) {
        return sql.update("DELETE FROM webhook_delivery WHERE org_id = ? AND webhook_id = ? LIMIT ?", delete -> {
            delete.setLong(1, orgId);
            delete.setLong(2, webhookId);
            delete.setInt(3, limit);
        });
    }

    /** Deletes up to {@code limit} deliveries that finished (in this state) before {@code before}. */
    public int sweep(DeliveryState state, Instant before, int limit) {
        return sql.update("DELETE FROM webhook_delivery WHERE state = ? AND next_attempt_at < ? LIMIT ?", delete -> {
            delete.setInt(1, state.code());
            Sql.time(delete, 2, before);
            delete.setInt(3, limit);
        });
    }

    private static Delivery read(ResultSet row) throws SQLException {
        DeliveryState state = DeliveryState.ofCode(row.getInt("state"));
        return new Delivery(row.getLong("org_id"), row.getLong("delivery_id"), row.getLong("webhook_id"),
                row.getLong("feed_position"), ChangeKind.ofCode(row.getInt("kind")), row.getLong("event_id"), state,
                row.getInt("attempts"), Sql.time(row, "created_at"), Sql.time(row, "last_attempt_at"),
                Sql.integer(row, "last_status"), Sql.integer(row, "last_latency_ms"), row.getString("last_error"),
                state == DeliveryState.PENDING ? parkedAsNull(Sql.time(row, "next_attempt_at")) : null);
    }

    private static Instant parkedAsNull(Instant next) {
        return PARKED.equals(next) ? null : next;
    }
}
