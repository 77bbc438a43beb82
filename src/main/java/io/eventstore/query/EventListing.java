package io.eventstore.query;

import io.crnk.core.queryspec.FilterSpec;
import io.eventstore.event.EventKey;
import io.eventstore.event.EventRecord;
import io.eventstore.jsonapi.ApiException;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs list and count statements: one page of rows is read, never the whole result. */
@Singleton
public class EventListing {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final long totalsLimit;

    public EventListing(JdbcOperations jdbc, TransactionOperations<Connection> transactions,
                        @Value("${event-store.page.totals-limit:100000}") long totalsLimit) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.totalsLimit = totalsLimit;
    }

    /**
     * A count that stopped at the limit: {@code truncated} means there are more than {@code count}.
     */
    public record Total(long count, boolean truncated) {
    }

    /** A page of events, with what the links need to know. */
    public record Page(List<EventRecord> rows, boolean hasNext, boolean hasPrev, Total total) {
    }

    /**
     * A page is one statement on a connection in auto-commit mode: a transaction around it costs
     * three more round trips (autocommit off, commit, autocommit on; six before the driver kept
     * session state locally), and the page itself is one. A page with its total is read in one
     * read-only transaction, so that both see the same snapshot.
     */
    @Connectable
    public Page list(long orgId, List<FilterSpec> filters, SortKey sort, CursorPage page) {
        Cursor boundary = page.boundary();
        if (boundary != null && boundary.orgId() != orgId) {
            throw ApiException.atParameter(page.backwards() ? "page[before]" : "page[after]", "invalid_cursor",
                    "This cursor was not issued by this service; use the links of a previous response.");
        }
        return page.totals()
                ? transactions.executeRead(status -> read(orgId, filters, sort, page))
                : read(orgId, filters, sort, page);
    }

    private Page read(long orgId, List<FilterSpec> filters, SortKey sort, CursorPage page) {
        SqlStatement statement = EventListSql.page(orgId, filters, sort, page, page.size() + 1);
        List<EventRecord> rows = query(statement);
        boolean more = rows.size() > page.size();
        if (more) {
            rows = new ArrayList<>(rows.subList(0, page.size()));
        }
        Total total = page.totals() ? count(orgId, filters) : null;
        if (page.backwards()) {
            Collections.reverse(rows);
            return new Page(rows, true, more, total);
        }
        return new Page(rows, more, page.after() != null, total);
    }

    /** Events by id, in one statement; used by crnk when it resolves several ids at once. */
    @Connectable
    public List<EventRecord> byIds(long orgId, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        FilterSpec filter = new FilterSpec(FilterField.ID.path(), io.crnk.core.queryspec.FilterOperator.EQ, ids);
        CursorPage all = new CursorPage(ids.size(), null, null, false);
        SortKey sort = SortKey.of(EventQueryUrlMapper.DEFAULT_SORT);
        return query(EventListSql.page(orgId, List.of(filter), sort, all, ids.size()));
    }

    private Total count(long orgId, List<FilterSpec> filters) {
        SqlStatement statement = EventListSql.cappedCount(orgId, filters, totalsLimit + 1);
        long counted = jdbc.prepareStatement(statement.sql(), ps -> {
            try (ResultSet rs = bind(ps, statement).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException("counting events failed", e);
            }
        });
        return counted > totalsLimit ? new Total(totalsLimit, true) : new Total(counted, false);
    }

    private List<EventRecord> query(SqlStatement statement) {
        return jdbc.prepareStatement(statement.sql(), ps -> {
            try (ResultSet rs = bind(ps, statement).executeQuery()) {
                List<EventRecord> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(read(rs));
                }
                return rows;
            } catch (SQLException e) {
                throw new IllegalStateException("listing events failed", e);
            }
        });
    }

    private static PreparedStatement bind(PreparedStatement ps, SqlStatement statement) throws SQLException {
        for (int i = 0; i < statement.parameters().size(); i++) {
            ps.setObject(i + 1, statement.parameters().get(i));
        }
        return ps;
    }

    /** Reads the columns of {@link EventListSql#COLUMNS}, in that order. */
    private static EventRecord read(ResultSet rs) throws SQLException {
        return new EventRecord(
                new EventKey(rs.getLong(1), rs.getLong(2)),
                rs.getString(3),
                rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                (Boolean) rs.getObject(13, Boolean.class),
                rs.getString(14),
                rs.getString(15),
                rs.getString(16),
                rs.getString(17),
                rs.getString(18),
                rs.getString(19),
                rs.getString(20),
                rs.getString(21));
    }
}
