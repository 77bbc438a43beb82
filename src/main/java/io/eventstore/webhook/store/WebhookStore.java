package io.eventstore.webhook.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventstore.webhook.HookFilter;
import io.eventstore.webhook.Webhook;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** The {@code webhook} table (schema/migrations V7). */
@Singleton
public class WebhookStore {

    /** A hook's sealed secrets, for the deliverer to open. */
    public record Secrets(byte[] current, byte[] previous, Instant previousUntil) {
    }

    /** What the deliverer needs of a hook: where, how to sign, whether it is on and failing. */
    public record Target(long orgId, long webhookId, URI url, Secrets secrets, boolean active, boolean failing) {
    }

    static final String COLUMNS = "org_id, webhook_id, url, filter_parameters, active, disabled_reason, base_url,"
            + " feed_position, failing_since, previous_secret_until, created_at, updated_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sql sql;

    public WebhookStore(JdbcOperations jdbc) {
        this.sql = new Sql(jdbc);
    }

    public void insert(Webhook hook, byte[] sealedSecret) {
        sql.update("INSERT INTO webhook (" + COLUMNS + ", secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", insert -> {
            bindAll(insert, hook);
            insert.setBytes(13, sealedSecret);
        });
    }

    /** Saves what can change of a hook (not its secrets). */
    public void save(Webhook hook) {
        sql.update("UPDATE webhook SET url = ?, filter_parameters = ?, active = ?, disabled_reason = ?, feed_position = ?,"
                + " failing_since = ?, previous_secret_until = ?, updated_at = ? WHERE org_id = ? AND webhook_id = ?", update -> {
            update.setString(1, hook.url().toString());
            update.setString(2, filterText(hook.filter()));
            update.setBoolean(3, hook.active());
            update.setString(4, hook.disabledReason());
            update.setLong(5, hook.feedPosition());
            Sql.time(update, 6, hook.failingSince());
            Sql.time(update, 7, hook.previousSecretExpiresAt());
            Sql.time(update, 8, hook.updatedAt());
            update.setLong(9, hook.orgId());
            update.setLong(10, hook.id());
        });
    }

    public int count(long orgId) {
        return sql.query("SELECT COUNT(*) FROM webhook WHERE org_id = ?", select -> select.setLong(1, orgId),
                row -> row.getInt(1)).get(0);
    }

    /** The org's hooks, oldest first (an org has at most event-store.webhooks.max-per-org). */
    public List<Webhook> list(long orgId) {
        return sql.query("SELECT " + COLUMNS + " FROM webhook WHERE org_id = ? ORDER BY webhook_id",
                select -> select.setLong(1, orgId), WebhookStore::read);
    }

    public Optional<Webhook> find(long orgId, long id) {
        return one("SELECT " + COLUMNS + " FROM webhook WHERE org_id = ? AND webhook_id = ?", orgId, id);
    }

    /** The hook, locked until the transaction ends. */
    public Optional<Webhook> findForUpdate(long orgId, long id) {
        return one("SELECT " + COLUMNS + " FROM webhook WHERE org_id = ? AND webhook_id = ? FOR UPDATE", orgId, id);
    }

    private Optional<Webhook> one(String statement, long orgId, long id) {
        return sql.query(statement, select -> {
            select.setLong(1, orgId);
            select.setLong(2, id);
        }, WebhookStore::read).stream().findFirst();
    }

    /** The targets of these hooks of one org (those that still exist), by id. */
    public java.util.Map<Long, Target> targets(long orgId, java.util.Collection<Long> ids) {
        java.util.Map<Long, Target> targets = new java.util.HashMap<>();
        List<Long> list = List.copyOf(ids);
        sql.query("SELECT webhook_id, url, secret, previous_secret, previous_secret_until, active, failing_since IS NOT NULL"
                + " FROM webhook WHERE org_id = ? AND webhook_id IN " + Sql.marks(list.size()), select -> {
            select.setLong(1, orgId);
            for (int i = 0; i < list.size(); i++) {
                select.setLong(2 + i, list.get(i));
            }
        }, row -> targets.put(row.getLong(1), new Target(orgId, row.getLong(1), URI.create(row.getString(2)),
                new Secrets(row.getBytes(3), row.getBytes(4), Sql.time(row, "previous_secret_until")),
                row.getBoolean(6), row.getBoolean(7))));
        return targets;
    }

    /** A new secret; the one it replaces signs too until {@code previousUntil}. */
    public void rotate(long orgId, long id, byte[] sealedSecret, Instant previousUntil, Instant now) {
        sql.update("UPDATE webhook SET previous_secret = secret, secret = ?, previous_secret_until = ?, updated_at = ?"
                + " WHERE org_id = ? AND webhook_id = ?", update -> {
            update.setBytes(1, sealedSecret);
            Sql.time(update, 2, previousUntil);
            Sql.time(update, 3, now);
            update.setLong(4, orgId);
            update.setLong(5, id);
        });
    }

    public boolean delete(long orgId, long id) {
        return sql.update("DELETE FROM webhook WHERE org_id = ? AND webhook_id = ?", delete -> {
            delete.setLong(1, orgId);
            delete.setLong(2, id);
        }) == 1;
    }

    /** Active hooks behind their org's feed: those the enqueuer has changes for. */
    public List<Webhook> behind() {
        return sql.query("SELECT " + prefixed("h") + " FROM webhook h JOIN event_feed f ON f.org_id = h.org_id"
                + " WHERE h.active = TRUE AND h.feed_position < f.last_position", select -> { }, WebhookStore::read);
    }

    /** These hooks of an org, locked, if they are still active. */
    public List<Webhook> lockActive(long orgId, List<Long> ids) {
        return sql.query("SELECT " + COLUMNS + " FROM webhook WHERE org_id = ? AND webhook_id IN " + Sql.marks(ids.size())
                + " AND active = TRUE ORDER BY webhook_id FOR UPDATE", select -> {
            select.setLong(1, orgId);
            for (int i = 0; i < ids.size(); i++) {
                select.setLong(2 + i, ids.get(i));
            }
        }, WebhookStore::read);
    }

    public void advance(long orgId, long id, long position) {
        sql.update("UPDATE webhook SET feed_position = ? WHERE org_id = ? AND webhook_id = ? AND feed_position < ?", update -> {
            update.setLong(1, position);
            update.setLong(2, orgId);
            update.setLong(3, id);
            update.setLong(4, position);
        });
    }

    /** An attempt failed at {@code at}: the hook has failed since then, unless it already had. */
    public void failing(long orgId, long id, Instant at) {
        sql.update("UPDATE webhook SET failing_since = ? WHERE org_id = ? AND webhook_id = ? AND failing_since IS NULL", update -> {
            Sql.time(update, 1, at);
            update.setLong(2, orgId);
            update.setLong(3, id);
        });
    }

    /** An attempt succeeded: the hook is not failing. */
    public void succeeding(long orgId, long id) {
        sql.update("UPDATE webhook SET failing_since = NULL WHERE org_id = ? AND webhook_id = ? AND failing_since IS NOT NULL", update -> {
            update.setLong(1, orgId);
            update.setLong(2, id);
        });
    }

    /** Turns the hook off if it has been failing since {@code before} or earlier; answers whether it did. */
    public boolean disableIfFailingSince(long orgId, long id, Instant before, String reason, Instant now) {
        return sql.update("UPDATE webhook SET active = FALSE, disabled_reason = ?, updated_at = ?"
                + " WHERE org_id = ? AND webhook_id = ? AND active = TRUE AND failing_since <= ?", update -> {
            update.setString(1, reason);
            Sql.time(update, 2, now);
            update.setLong(3, orgId);
            update.setLong(4, id);
            Sql.time(update, 5, before);
        }) == 1;
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static void bindAll(PreparedStatement insert, Webhook hook) throws SQLException {
        insert.setLong(1, hook.orgId());
        insert.setLong(2, hook.id());
        insert.setString(3, hook.url().toString());
        insert.setString(4, filterText(hook.filter()));
        insert.setBoolean(5, hook.active());
        insert.setString(6, hook.disabledReason());
        insert.setString(7, hook.baseUrl());
        insert.setLong(8, hook.feedPosition());
        Sql.time(insert, 9, hook.failingSince());
        Sql.time(insert, 10, hook.previousSecretExpiresAt());
        Sql.time(insert, 11, hook.createdAt());
        Sql.time(insert, 12, hook.updatedAt());
    }

    private static Webhook read(ResultSet row) throws SQLException {
        return new Webhook(row.getLong("org_id"), row.getLong("webhook_id"), URI.create(row.getString("url")),
                filter(row.getString("filter_parameters")), row.getBoolean("active"), row.getString("disabled_reason"),
                row.getString("base_url"), row.getLong("feed_position"), Sql.time(row, "failing_since"),
                Sql.time(row, "previous_secret_until"), Sql.time(row, "created_at"), Sql.time(row, "updated_at"));
    }

    private static String filterText(HookFilter filter) {
        try {
            return JSON.writeValueAsString(filter.parameters());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HookFilter filter(String text) {
        try {
            return new HookFilter(JSON.readValue(text, new TypeReference<LinkedHashMap<String, String>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a hook's stored filter is not a JSON object of strings", e);
        }
    }
}
