package io.eventstore.catalog.store;

import io.eventstore.db.SqlTime;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The catalog of names' tables (schema/migrations V8): {@code event_name}, {@code event_name_property}
 * and {@code event_catalog}, each org's position in its feed. Statements run on the caller's
 * connection and transaction.
 */
@Singleton
public class CatalogStore {

    /** A name's row: its count, first and last eventAt, and whether its properties were cut at the bound. */
    public record NameRow(String name, long count, Instant firstEventAt, Instant lastEventAt, boolean propertiesTruncated) {
    }

    /** What a round adds to one name: a count (may be negative), and eventAt bounds (null: keep the row's). */
    public record NameDelta(String name, long count, Instant first, Instant last, Instant changedFirst, Instant changedLast) {
    }

    /** One property row: how many of the name's events carry this path with this type. */
    public record PropertyRow(String name, String path, String type, long count) {
    }

    /** The catalog's orders: a column, and the name after it. */
    public enum Order {
        NAME("name"), COUNT("event_count"), LAST_EVENT_AT("last_event_at");

        final String column;

        Order(String column) {
            this.column = column;
        }
    }

    private static final String NAME_COLUMNS = "name, event_count, first_event_at, last_event_at, properties_truncated";

    private final JdbcOperations jdbc;

    public CatalogStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The orgs whose feed is ahead of their catalog. */
    public List<Long> behind() {
        return jdbc.prepareStatement("SELECT f.org_id FROM event_feed f LEFT JOIN event_catalog c ON c.org_id = f.org_id"
                + " WHERE f.last_position > COALESCE(c.feed_position, 0)", select -> {
            try (ResultSet rs = select.executeQuery()) {
                List<Long> orgs = new ArrayList<>();
                while (rs.next()) {
                    orgs.add(rs.getLong(1));
                }
                return orgs;
            }
        });
    }

    /** Locks the org's catalog position (making it, at 0, for a new org) until the transaction ends; answers it. */
    public long lockPosition(long orgId) {
        Long position = lockedPosition(orgId);
        if (position != null) {
            return position;
        }
        jdbc.prepareStatement("INSERT IGNORE INTO event_catalog (org_id, feed_position) VALUES (?, 0)", insert -> {
            insert.setLong(1, orgId);
            return insert.executeUpdate();
        });
        return lockedPosition(orgId);
    }

    private Long lockedPosition(long orgId) {
        return jdbc.prepareStatement("SELECT feed_position FROM event_catalog WHERE org_id = ? FOR UPDATE", select -> {
            select.setLong(1, orgId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        });
    }

    /** How far the catalog has applied the org's feed (0: nothing yet). */
    public long position(long orgId) {
        return jdbc.prepareStatement("SELECT feed_position FROM event_catalog WHERE org_id = ?", select -> {
            select.setLong(1, orgId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    public void advance(long orgId, long position) {
        jdbc.prepareStatement("UPDATE event_catalog SET feed_position = ? WHERE org_id = ?", update -> {
            update.setLong(1, position);
            update.setLong(2, orgId);
            return update.executeUpdate();
        });
    }

    /**
     * The first and last eventAt of each name among the events stored now, read from the name index
     * (a dive to each end per name: MIN and MAX of one name are answered from the index's ends, where
     * a GROUP BY over several names read every entry of each); a name without events is absent.
     */
    public Map<String, Instant[]> bounds(long orgId, Collection<String> names) {
        List<String> all = List.copyOf(names);
        Map<String, Instant[]> bounds = new HashMap<>();
        for (int from = 0; from < all.size(); from += 200) { // statements of a bounded size
            bounds.putAll(bounds(orgId, all.subList(from, Math.min(all.size(), from + 200))));
        }
        return bounds;
    }

    private Map<String, Instant[]> bounds(long orgId, List<String> names) {
        return jdbc.prepareStatement(boundsSql(names.size()), select -> {
            int index = 1;
            for (String name : names) {
                select.setString(index++, name);
                select.setLong(index++, orgId);
                select.setString(index++, name);
                select.setLong(index++, orgId);
                select.setString(index++, name);
            }
            try (ResultSet rs = select.executeQuery()) {
                Map<String, Instant[]> bounds = new HashMap<>();
                while (rs.next()) {
                    Instant first = time(rs, 2);
                    if (first != null) {
                        bounds.put(rs.getString(1), new Instant[]{first, time(rs, 3)});
                    }
                }
                return bounds;
            }
        });
    }

    /** The statement of {@link #bounds} for this many names (public for the plan tests). */
    public static String boundsSql(int names) {
        StringJoiner union = new StringJoiner(" UNION ALL ");
        for (int i = 0; i < names; i++) {
            union.add("SELECT CAST(? AS CHAR(255)) AS name,"
                    + " (SELECT MIN(event_at) FROM event WHERE org_id = ? AND name = ?) AS first_at,"
                    + " (SELECT MAX(event_at) FROM event WHERE org_id = ? AND name = ?) AS last_at");
        }
        return union.toString();
    }

    /**
     * Adds each delta to its name's row (made if new). The bounds are the index's when the name has
     * events now, else the row keeps its own (a new row takes the changes' own eventAt).
     */
    public void addToNames(long orgId, List<NameDelta> deltas) {
        jdbc.prepareStatement("INSERT INTO event_name (org_id, name, event_count, first_event_at, last_event_at)"
                + " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE event_count = event_count + VALUES(event_count),"
                + " first_event_at = COALESCE(?, first_event_at), last_event_at = COALESCE(?, last_event_at)", upsert -> {
            for (NameDelta delta : deltas) {
                upsert.setLong(1, orgId);
                upsert.setString(2, delta.name());
                upsert.setLong(3, delta.count());
                upsert.setString(4, SqlTime.of(delta.first() != null ? delta.first() : delta.changedFirst()));
                upsert.setString(5, SqlTime.of(delta.last() != null ? delta.last() : delta.changedLast()));
                nullableTime(upsert, 6, delta.first());
                nullableTime(upsert, 7, delta.last());
                upsert.addBatch();
            }
            upsert.executeBatch();
            return null;
        });
    }

    /** Of these names, those whose count is down to none: they leave the catalog with their properties. */
    public void removeEmpty(long orgId, Collection<String> names) {
        List<String> empty = jdbc.prepareStatement("SELECT name FROM event_name WHERE org_id = ? AND name IN "
                + marks(names.size()) + " AND event_count <= 0", select -> {
            bind(select, orgId, names);
            try (ResultSet rs = select.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
                return found;
            }
        });
        if (empty.isEmpty()) {
            return;
        }
        for (String table : List.of("event_name", "event_name_property")) {
            jdbc.prepareStatement("DELETE FROM " + table + " WHERE org_id = ? AND name IN " + marks(empty.size()), delete -> {
                bind(delete, orgId, empty);
                return delete.executeUpdate();
            });
        }
    }

    /** The properties the catalog keeps of these names: name → "path type" keys. */
    public Map<String, Set<String>> propertyKeys(long orgId, Collection<String> names) {
        return jdbc.prepareStatement("SELECT name, path, json_type FROM event_name_property WHERE org_id = ? AND name IN "
                + marks(names.size()), select -> {
            bind(select, orgId, names);
            try (ResultSet rs = select.executeQuery()) {
                Map<String, Set<String>> keys = new HashMap<>();
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), name -> new HashSet<>()).add(key(rs.getString(2), rs.getString(3)));
                }
                return keys;
            }
        });
    }

    public static String key(String path, String type) {
        return path + " " + type;
    }

    /** Adds to each property's count (the row made if new), then drops the rows counted down to none. */
    public void addToProperties(long orgId, List<PropertyRow> deltas) {
        jdbc.prepareStatement("INSERT INTO event_name_property (org_id, name, path, json_type, event_count) VALUES (?, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE event_count = event_count + VALUES(event_count)", upsert -> {
            for (PropertyRow delta : deltas) {
                upsert.setLong(1, orgId);
                upsert.setString(2, delta.name());
                upsert.setString(3, delta.path());
                upsert.setString(4, delta.type());
                upsert.setLong(5, delta.count());
                upsert.addBatch();
            }
            upsert.executeBatch();
            return null;
        });
        Set<String> names = new HashSet<>();
        deltas.forEach(delta -> names.add(delta.name()));
        jdbc.prepareStatement("DELETE FROM event_name_property WHERE org_id = ? AND name IN " + marks(names.size())
                + " AND event_count <= 0", delete -> {
            bind(delete, orgId, names);
            return delete.executeUpdate();
        });
    }

    public void markTruncated(long orgId, Collection<String> names) {
        jdbc.prepareStatement("UPDATE event_name SET properties_truncated = TRUE WHERE org_id = ? AND name IN "
                + marks(names.size()), update -> {
            bind(update, orgId, names);
            return update.executeUpdate();
        });
    }

    /**
     * A page of the org's names in an order ({@code descending} or not; the name breaks ties), names
     * starting with {@code prefix} (null: all), after a position ({@code afterValue}, {@code afterName};
     * null: from the start), at most {@code limit}.
     */
    public List<NameRow> page(long orgId, String prefix, Order order, boolean descending, Object afterValue, String afterName,
                              int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(NAME_COLUMNS).append(" FROM event_name WHERE org_id = ?");
        parameters.add(orgId);
        if (prefix != null) {
            sql.append(" AND name LIKE ? ESCAPE '!'");
            parameters.add(prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        String direction = descending ? " DESC" : " ASC";
        String beyond = descending ? " < ?" : " > ?";
        if (afterName != null) {
            if (order == Order.NAME) {
                sql.append(" AND name").append(beyond);
                parameters.add(afterName);
            } else {
                sql.append(" AND (").append(order.column).append(beyond).append(" OR (").append(order.column)
                        .append(" = ? AND name").append(beyond).append("))");
                parameters.add(afterValue);
                parameters.add(afterValue);
                parameters.add(afterName);
            }
        }
        sql.append(" ORDER BY ");
        if (order != Order.NAME) {
            sql.append(order.column).append(direction).append(", ");
        }
        sql.append("name").append(direction).append(" LIMIT ?");
        parameters.add(limit);
        return jdbc.prepareStatement(sql.toString(), select -> {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            return names(select);
        });
    }

    public NameRow find(long orgId, String name) {
        return jdbc.prepareStatement("SELECT " + NAME_COLUMNS + " FROM event_name WHERE org_id = ? AND name = ?", select -> {
            select.setLong(1, orgId);
            select.setString(2, name);
            List<NameRow> rows = names(select);
            return rows.isEmpty() ? null : rows.get(0);
        });
    }

    /** The properties of these names, ordered by name, path and type. */
    public List<PropertyRow> properties(long orgId, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return jdbc.prepareStatement("SELECT name, path, json_type, event_count FROM event_name_property WHERE org_id = ?"
                + " AND name IN " + marks(names.size()) + " ORDER BY name, path, json_type", select -> {
            bind(select, orgId, names);
            try (ResultSet rs = select.executeQuery()) {
                List<PropertyRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new PropertyRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
                return rows;
            }
        });
    }

    private static List<NameRow> names(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            List<NameRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new NameRow(rs.getString(1), rs.getLong(2), time(rs, 3), time(rs, 4), rs.getBoolean(5)));
            }
            return rows;
        }
    }

    private static Instant time(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private static void nullableTime(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, SqlTime.of(value));
        }
    }

    private static String marks(int count) {
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < count; i++) {
            marks.add("?");
        }
        return marks.toString();
    }

    private static void bind(PreparedStatement statement, long orgId, Collection<String> names) throws SQLException {
        statement.setLong(1, orgId);
        int index = 2;
        for (String name : names) {
            statement.setString(index++, name);
        }
    }
}
