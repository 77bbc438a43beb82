package io.eventstore.event.store;

import io.eventstore.db.SqlErrors;
import io.eventstore.event.Change;
import io.eventstore.event.ChangeKind;
import io.eventstore.event.Event;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.LongSupplier;

/**
 * The change feed's tables (schema/migrations V6): {@code event_change}, one row per change with
 * the event's columns as {@link EventColumns} binds and reads them, and {@code event_feed}, each
 * org's newest position and how far retention has swept. Statements run on the caller's connection
 * and transaction, like {@link EventStore}'s.
 */
@Singleton
public class ChangeStore {

    /**
     * A change as its transaction writes it: not yet positioned. {@code priorName}: the name the
     * event had before an update that renamed it, else null.
     */
    public record Written(long changeId, ChangeKind kind, Instant changedAt, Event event, String priorName) {
        public Written(long changeId, ChangeKind kind, Instant changedAt, Event event) {
            this(changeId, kind, changedAt, event, null);
        }
    }

    /** What the catalog of names reads of a positioned change: the event's name (and prior name), eventAt and payload. */
    public record NameChange(long position, ChangeKind kind, String name, String priorName, Instant eventAt, String payload) {
    }

    /** A change waiting for its position. */
    public record Unsequenced(long orgId, long changeId) {
    }

    /** An org's feed: the newest position given (0: none yet) and the newest one retention deleted. */
    public record FeedState(long lastPosition, long sweptThrough) {
        public static final FeedState EMPTY = new FeedState(0, 0);
    }

    /** A change's position and time, as retention looks at them. */
    public record Aged(long position, Instant changedAt) {
    }

    static final String INSERT = "INSERT INTO event_change (change_id, kind, changed_at, prior_name, " + EventColumns.LIST
            + ") VALUES (?, ?, ?, ?, " + EventColumns.marks() + ")";
    static final String NAMES_AFTER = "SELECT feed_position, kind, name, prior_name, event_at, payload"
            + " FROM event_change WHERE org_id = ? AND feed_position > ? ORDER BY feed_position LIMIT ?";
    static final String UNSEQUENCED = "SELECT org_id, change_id FROM event_change WHERE feed_position = 0"
            + " ORDER BY org_id, changed_at, change_id LIMIT ?";
    static final String AFTER = "SELECT feed_position, kind, " + EventColumns.LIST
            + " FROM event_change WHERE org_id = ? AND feed_position > ? ORDER BY feed_position LIMIT ?";
    static final String AGES = "SELECT feed_position, changed_at FROM event_change"
            + " WHERE org_id = ? AND feed_position > ? ORDER BY feed_position LIMIT ?";

    private final JdbcOperations jdbc;

    public ChangeStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the creation of events just inserted in the caller's transaction, copied by the
     * server from their rows: a short statement instead of sending (and parsing) every value
     * twice, which cost batched ingest a third of its rate. A creation's change id is its event's
     * id; should another change of the org hold that id (ids are drawn per instance), the changes
     * are written with ids of their own.
     */
    public void recordCreated(long orgId, List<Event> events, LongSupplier ids) {
        if (events.isEmpty()) {
            return;
        }
        String marks = String.join(", ", Collections.nCopies(events.size(), "?"));
        try {
            jdbc.prepareStatement("INSERT INTO event_change (change_id, kind, changed_at, " + EventColumns.LIST
                    + ") SELECT id, " + ChangeKind.CREATED.code() + ", created_at, " + EventColumns.LIST
                    + " FROM event WHERE org_id = ? AND id IN (" + marks + ")", insert -> {
                insert.setLong(1, orgId);
                int index = 2;
                for (Event event : events) {
                    insert.setLong(index++, event.id());
                }
                int copied = insert.executeUpdate();
                if (copied != events.size()) {
                    throw new IllegalStateException("recorded " + copied + " of " + events.size() + " created events");
                }
                return null;
            });
        } catch (DataAccessException e) {
            if (!SqlErrors.isDuplicatePrimaryKey(e)) {
                throw e;
            }
            // the failed statement wrote nothing (InnoDB undoes a statement whole)
            List<Written> own = new ArrayList<>(events.size());
            for (Event event : events) {
                own.add(new Written(ids.getAsLong(), ChangeKind.CREATED, event.createdAt(), event));
            }
            record(own);
        }
    }

    /** Writes the changes in one JDBC batch (one multi-row INSERT), in the caller's transaction. */
    public void record(List<Written> changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(INSERT, insert -> {
            for (Written change : changes) {
                insert.setLong(1, change.changeId());
                insert.setInt(2, change.kind().code());
                insert.setString(3, EventColumns.time(change.changedAt()));
                insert.setString(4, change.priorName());
                EventColumns.bindAll(insert, 5, change.event());
                insert.addBatch();
            }
            insert.executeBatch();
            return null;
        });
    }

    /** Up to {@code limit} changes without a position, in the order they are to get one. */
    public List<Unsequenced> unsequenced(int limit) {
        return jdbc.prepareStatement(UNSEQUENCED, select -> {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                List<Unsequenced> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Unsequenced(rs.getLong(1), rs.getLong(2)));
                }
                return rows;
            }
        });
    }

    /**
     * Locks the org's feed row (making it first), so that the transactions that give positions in
     * one org run one after another; answers its newest position.
     */
    public long lockFeed(long orgId) {
        // the row exists but for an org's first change: lock it straight away (an INSERT IGNORE
        // first would take a shared lock that two instances' sequencers then both try to upgrade)
        Long last = lockedLastPosition(orgId);
        if (last != null) {
            return last;
        }
        jdbc.prepareStatement("INSERT IGNORE INTO event_feed (org_id, last_position, swept_through) VALUES (?, 0, 0)", insert -> {
            insert.setLong(1, orgId);
            return insert.executeUpdate();
        });
        return lockedLastPosition(orgId);
    }

    private Long lockedLastPosition(long orgId) {
        return jdbc.prepareStatement("SELECT last_position FROM event_feed WHERE org_id = ? FOR UPDATE", select -> {
            select.setLong(1, orgId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        });
    }

    /**
     * Which of these changes still have no position, locked and read as committed (another
     * instance's sequencer may have positioned some since they were listed); in the order given.
     */
    public List<Long> stillUnsequenced(long orgId, List<Long> changeIds) {
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        changeIds.forEach(id -> marks.add("?"));
        // By primary key only, the position checked here: a condition on feed_position could lead the
        // server to the position index, whose range of 0s holds the uncommitted changes of open
        // transactions, and the locking read would wait for them.
        List<Long> found = jdbc.prepareStatement("SELECT change_id, feed_position FROM event_change WHERE org_id = ? AND change_id IN "
                + marks + " FOR UPDATE", select -> {
            select.setLong(1, orgId);
            int index = 2;
            for (long id : changeIds) {
                select.setLong(index++, id);
            }
            try (ResultSet rs = select.executeQuery()) {
                List<Long> ids = new ArrayList<>();
                while (rs.next()) {
                    if (rs.getLong(2) == 0) {
                        ids.add(rs.getLong(1));
                    }
                }
                return ids;
            }
        });
        Set<Long> open = new HashSet<>(found);
        return changeIds.stream().filter(open::contains).toList();
    }

    /** Changes positioned by one statement: its list is searched once per row (FIELD), so it stays short. */
    static final int POSITION_CHUNK = 500;

    /**
     * Gives the changes the positions after {@code last}, in their order, and makes the newest the
     * feed's. One UPDATE per {@link #POSITION_CHUNK} changes: a row's position is {@code last} plus
     * its place in the list ({@code FIELD}), which MySQL, MariaDB and TiDB all have; a statement per
     * row cost the sequencer more than the writes it follows.
     */
    public long position(long orgId, long last, List<Long> changeIds) {
        long next = last;
        for (int from = 0; from < changeIds.size(); from += POSITION_CHUNK) {
            List<Long> chunk = changeIds.subList(from, Math.min(changeIds.size(), from + POSITION_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            long base = next;
            jdbc.prepareStatement("UPDATE event_change SET feed_position = ? + FIELD(change_id, " + marks
                    + ") WHERE org_id = ? AND change_id IN (" + marks + ")", update -> {
                int index = 1;
                update.setLong(index++, base);
                for (long id : chunk) {
                    update.setLong(index++, id);
                }
                update.setLong(index++, orgId);
                for (long id : chunk) {
                    update.setLong(index++, id);
                }
                int changed = update.executeUpdate();
                if (changed != chunk.size()) {
                    throw new IllegalStateException("positioned " + changed + " of " + chunk.size() + " changes locked for it");
                }
                return null;
            });
            next += chunk.size();
        }
        long newest = next;
        jdbc.prepareStatement("UPDATE event_feed SET last_position = ? WHERE org_id = ?", update -> {
            update.setLong(1, newest);
            update.setLong(2, orgId);
            return update.executeUpdate();
        });
        return newest;
    }

    /** The org's changes after {@code position}, oldest first, at most {@code limit}. */
    public List<Change> after(long orgId, long position, int limit) {
        return afterPosition(AFTER, orgId, position, limit,
                rs -> new Change(rs.getLong(1), ChangeKind.ofCode(rs.getInt(2)), EventColumns.read(rs, 3)));
    }

    /** The org's changes after {@code position} as the catalog of names reads them, oldest first, at most {@code limit}. */
    public List<NameChange> namesAfter(long orgId, long position, int limit) {
        return afterPosition(NAMES_AFTER, orgId, position, limit, rs -> new NameChange(rs.getLong(1),
                ChangeKind.ofCode(rs.getInt(2)), rs.getString(3), rs.getString(4),
                rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getString(6)));
    }

    /** One row of a read in position order. */
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a read of the org's rows after a position ({@code sql} binds org, position, limit). */
    private <T> List<T> afterPosition(String sql, long orgId, long position, int limit, RowReader<T> reader) {
        return jdbc.prepareStatement(sql, select -> {
            select.setLong(1, orgId);
            select.setLong(2, position);
            select.setInt(3, limit);
            try (ResultSet rs = select.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
                return rows;
            }
        });
    }

    /** The org's feed; {@link FeedState#EMPTY} when nothing has changed in it yet. */
    public FeedState state(long orgId) {
        return states(List.of(orgId)).getOrDefault(orgId, FeedState.EMPTY);
    }

    /** The feeds of these orgs (those that have one), in one statement. */
    public Map<Long, FeedState> states(Collection<Long> orgIds) {
        if (orgIds.isEmpty()) {
            return Map.of();
        }
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        orgIds.forEach(id -> marks.add("?"));
        return jdbc.prepareStatement("SELECT org_id, last_position, swept_through FROM event_feed WHERE org_id IN " + marks, select -> {
            int index = 1;
            for (long id : orgIds) {
                select.setLong(index++, id);
            }
            return readStates(select);
        });
    }

    /** Every org's feed (retention walks them). */
    public Map<Long, FeedState> allStates() {
        return jdbc.prepareStatement("SELECT org_id, last_position, swept_through FROM event_feed", ChangeStore::readStates);
    }

    private static Map<Long, FeedState> readStates(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            Map<Long, FeedState> states = new HashMap<>();
            while (rs.next()) {
                states.put(rs.getLong(1), new FeedState(rs.getLong(2), rs.getLong(3)));
            }
            return states;
        }
    }

    /** Positions and times of the org's oldest kept changes after {@code sweptThrough}, at most {@code limit}. */
    public List<Aged> oldest(long orgId, long sweptThrough, int limit) {
        return afterPosition(AGES, orgId, sweptThrough, limit,
                rs -> new Aged(rs.getLong(1), rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
    }

    /** Deletes the org's changes after {@code sweptThrough} up to {@code through}, and records how far it got. */
    public int sweep(long orgId, long sweptThrough, long through) {
        int deleted = jdbc.prepareStatement("DELETE FROM event_change WHERE org_id = ? AND feed_position > ? AND feed_position <= ?", delete -> {
            delete.setLong(1, orgId);
            delete.setLong(2, sweptThrough);
            delete.setLong(3, through);
            return delete.executeUpdate();
        });
        jdbc.prepareStatement("UPDATE event_feed SET swept_through = GREATEST(swept_through, ?) WHERE org_id = ?", update -> {
            update.setLong(1, through);
            update.setLong(2, orgId);
            return update.executeUpdate();
        });
        return deleted;
    }
}
