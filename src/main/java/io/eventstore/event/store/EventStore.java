package io.eventstore.event.store;

import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.query.CountQuery;
import io.eventstore.event.query.EventQuery;
import io.eventstore.event.query.Filter;
import io.eventstore.event.query.ListedPage;
import io.eventstore.event.query.PageRequest;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The event table: every statement runs on the connection (and transaction) of the caller, which the
 * use case opens. SQL and row mapping come from {@link EventSql} and {@link EventColumns}, so no
 * column is bound or read by a hand-counted position.
 */
@Singleton
public class EventStore {

    private final JdbcOperations jdbc;
    private final long totalsLimit;

    public EventStore(JdbcOperations jdbc, @Value("${event-store.page.totals-limit:100000}") long totalsLimit) {
        this.jdbc = jdbc;
        this.totalsLimit = totalsLimit;
    }

    public Optional<Event> find(long orgId, long id) {
        return query(EventSql.find(orgId, id)).stream().findFirst();
    }

    /** The event, locked until the transaction ends (read, change, write). */
    public Optional<Event> findForUpdate(long orgId, long id) {
        return query(EventSql.findForUpdate(orgId, id)).stream().findFirst();
    }

    /** Inserts the rows in one JDBC batch: one multi-row INSERT with rewriteBatchedStatements. */
    public void insert(List<Event> events) {
        jdbc.prepareStatement(EventSql.INSERT, insert -> {
            for (Event event : events) {
                EventColumns.bindAll(insert, 1, event);
                insert.addBatch();
            }
            insert.executeBatch();
            return null;
        });
    }

    public void update(Event event) {
        jdbc.prepareStatement(EventSql.UPDATE, update -> {
            int index = 1;
            for (EventField field : EventSql.UPDATED) {
                EventColumns.bind(update, index++, field, event.get(field));
            }
            update.setLong(index++, event.orgId());
            update.setLong(index, event.id());
            return update.executeUpdate();
        });
    }

    /** Answers whether there was such an event. */
    public boolean delete(long orgId, long id) {
        SqlStatement delete = EventSql.delete(orgId, id);
        return jdbc.prepareStatement(delete.sql(), ps -> bind(ps, delete).executeUpdate() == 1);
    }

    /** One page of the org's events; the total too when the query asks for it (call it in one transaction then). */
    public ListedPage page(long orgId, EventQuery query) {
        PageRequest page = query.page();
        List<Event> rows = query(EventSql.page(orgId, query.filters(), query.sort(), page, page.size() + 1));
        boolean more = rows.size() > page.size();
        if (more) {
            rows = new ArrayList<>(rows.subList(0, page.size()));
        }
        ListedPage.Total total = page.totals() ? count(orgId, query) : null;
        if (page.backwards()) {
            Collections.reverse(rows);
            return new ListedPage(rows, true, more, total);
        }
        return new ListedPage(rows, more, page.after() != null, total);
    }

    /**
     * The next {@code limit} events of a walk in the query's order, after its {@code page[after]}
     * cursor (from the start without one): no row is read ahead, so a walk chunk by chunk reads
     * every row once.
     */
    public List<Event> chunk(long orgId, EventQuery query, int limit) {
        return query(EventSql.page(orgId, query.filters(), query.sort(), query.page(), limit));
    }

    private ListedPage.Total count(long orgId, EventQuery query) {
        long counted = countUpTo(orgId, query.filters(), totalsLimit + 1);
        return counted > totalsLimit ? new ListedPage.Total(totalsLimit, true) : new ListedPage.Total(counted, false);
    }

    /** How many of the org's events the filters match, counting no further than {@code limit}. */
    public long countUpTo(long orgId, List<Filter> filters, long limit) {
        SqlStatement statement = EventSql.cappedCount(orgId, filters, limit);
        return jdbc.prepareStatement(statement.sql(), ps -> {
            try (ResultSet rs = bind(ps, statement).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The groups of a count, at most {@code limit}, in the order {@link EventSql#counts} gives them. */
    public List<CountQuery.Bucket> counts(long orgId, CountQuery query, ZoneShift shift, int limit) {
        SqlStatement statement = EventSql.counts(orgId, query, shift, limit);
        return jdbc.prepareStatement(statement.sql(), ps -> {
            try (ResultSet rs = bind(ps, statement).executeQuery()) {
                List<CountQuery.Bucket> buckets = new ArrayList<>();
                while (rs.next()) {
                    buckets.add(new CountQuery.Bucket(
                            query.byName() ? rs.getString("g_name") : null,
                            query.period() != null ? rs.getString("g_period") : null,
                            query.relationship() != null ? rs.getString("g_related") : null,
                            rs.getLong("counted")));
                }
                return buckets;
            }
        });
    }

    private List<Event> query(SqlStatement statement) {
        return jdbc.prepareStatement(statement.sql(), ps -> {
            try (ResultSet rs = bind(ps, statement).executeQuery()) {
                List<Event> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(EventColumns.read(rs));
                }
                return rows;
            }
        });
    }

    private static PreparedStatement bind(PreparedStatement ps, SqlStatement statement) throws SQLException {
        for (int i = 0; i < statement.parameters().size(); i++) {
            ps.setObject(i + 1, statement.parameters().get(i));
        }
        return ps;
    }
}
