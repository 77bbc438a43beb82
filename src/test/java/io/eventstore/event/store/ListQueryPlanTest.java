package io.eventstore.event.store;

import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.query.CountQuery;
import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.Filter;
import io.eventstore.event.query.Micros;
import io.eventstore.event.query.PageRequest;
import io.eventstore.event.query.SortKey;
import io.eventstore.ids.IdGenerator;
import io.eventstore.auth.OrgRepository;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import io.eventstore.support.SharedService;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every list statement the service runs is served by an index: the SQL comes from
 * {@link EventSql} itself and is checked with EXPLAIN on a table holding a spread of events.
 */
@ExtendWith(SharedService.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListQueryPlanTest {

    /** A fresh org of this run (and the next one up for another org's rows): a reused database holds no rows of it. */
    private long org;
    private static final String[] RELATIONSHIPS = {"account", "call", "mailing", "opportunity", "prospect", "task", "user"};

    @Inject
    ApplicationContext context;

    @Inject
    OrgRepository orgs;

    private Connection connection;

    /** One row of EXPLAIN: how the table is read. */
    record Plan(String type, String key, String extra) {
        boolean filesort() {
            return extra != null && extra.contains("filesort");
        }
    }

    @BeforeAll
    void fillTable() throws SQLException {
        String url = context.getRequiredProperty("datasources.default.url", String.class);
        String user = context.getProperty("datasources.default.username", String.class).orElse("root");
        String password = context.getProperty("datasources.default.password", String.class).orElse("");
        String first = "plans-" + java.util.UUID.randomUUID();
        orgs.insertNext(first, Instant.now());
        orgs.insertNext(first + "-other", Instant.now());
        org = orgs.findByName(first).orElseThrow().orgId();
        long other = orgs.findByName(first + "-other").orElseThrow().orgId();
        connection = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "rewriteBatchedStatements=true",
                user, password);
        IdGenerator ids = new IdGenerator(1000);
        try (PreparedStatement insert = connection.prepareStatement(EventSql.insert())) {
            Instant start = Instant.parse("2025-01-01T00:00:00Z");
            for (int i = 0; i < 20_000; i++) {
                Instant at = start.plusSeconds(i * 37L * 60);
                Object[] values = new Object[EventField.ALL.size()];
                values[EventField.ID.ordinal()] = ids.next();
                values[EventField.NAME.ordinal()] = "name-" + (i % 20);
                values[EventField.EVENT_AT.ordinal()] = at;
                values[EventField.CREATED_AT.ordinal()] = at;
                values[EventField.UPDATED_AT.ordinal()] = at;
                for (int r = 0; r < EventField.RELATIONSHIPS.size(); r++) {
                    EventField relationship = EventField.RELATIONSHIPS.get(r);
                    values[relationship.ordinal()] = relationship.jsonName() + "-" + (i % (200 + r * 50));
                }
                EventSql.bindInsert(insert, new Event(i % 10 == 0 ? other : org, values));
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE TABLE event");
        }
    }

    private Plan explain(SqlStatement statement) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + statement.sql())) {
            for (int i = 0; i < statement.parameters().size(); i++) {
                explain.setObject(i + 1, statement.parameters().get(i));
            }
            try (ResultSet rs = explain.executeQuery()) {
                assertTrue(rs.next());
                Plan plan = new Plan(rs.getString("type"), rs.getString("key"), rs.getString("Extra"));
                assertFalse(rs.next(), "one table, one plan row");
                return plan;
            }
        }
    }

    private static SortKey sort(String field, boolean descending) {
        return new SortKey(List.of(EventField.member(field)), List.of(descending));
    }

    private static Filter equals(List<String> path, Object... values) {
        EventField field = path.size() == 2 ? EventField.relationship(path.get(0))
                : path.get(0).equals("id") ? EventField.ID : EventField.member(path.get(0));
        return new Filter.In(field, List.of(values));
    }

    private static Filter from(String field, Instant at) {
        return new Filter.Range(EventField.member(field), at, true, null, false);
    }

    private static Filter until(String field, Instant at) {
        return new Filter.Range(EventField.member(field), null, false, at, true);
    }

    private static PageRequest firstPage() {
        return new PageRequest(50, null, null, false);
    }

    private PageRequest after(SortKey sort, Instant at, long id) {
        return new PageRequest(50, new Cursor(org, sort.signature(), List.of(Micros.of(at)), id), null, false);
    }

    private Plan page(List<Filter> filters, SortKey sort, PageRequest page) throws SQLException {
        return explain(EventSql.page(org, filters, sort, page, page.size() + 1));
    }

    private static void assertIndexOnly(Plan plan, String key) {
        assertEquals(key, plan.key(), plan.toString());
        assertNotEquals("ALL", plan.type(), "no full scan: " + plan);
        assertFalse(plan.filesort(), "no filesort: " + plan);
    }

    @Test
    void timelinesOfEveryRelationshipUseTheirIndexEitherWayWithoutFilesort() throws SQLException {
        Instant middle = Instant.parse("2025-06-01T00:00:00Z");
        for (String relationship : RELATIONSHIPS) {
            List<Filter> filter = List.of(equals(List.of(relationship, "id"), relationship + "-7"));
            String index = "event_by_" + relationship;
            for (boolean descending : new boolean[]{true, false}) {
                SortKey sort = sort("eventAt", descending);
                assertIndexOnly(page(filter, sort, firstPage()), index);
                Plan deep = page(filter, sort, after(sort, middle, Long.MAX_VALUE / 2));
                assertIndexOnly(deep, index);
                assertEquals("range", deep.type(), "a keyset page starts inside the index: " + deep);
            }
        }
    }

    @Test
    void timeRangesAndDefaultListingUseTheTimeIndexes() throws SQLException {
        Map<String, String> indexes = Map.of("eventAt", "event_by_event_at", "createdAt", "event_by_created_at",
                "updatedAt", "event_by_updated_at");
        for (Map.Entry<String, String> field : indexes.entrySet()) {
            List<Filter> range = List.of(
                    from(field.getKey(), Instant.parse("2025-03-01T00:00:00Z")),
                    until(field.getKey(), Instant.parse("2025-04-01T00:00:00Z")));
            for (boolean descending : new boolean[]{true, false}) {
                assertIndexOnly(page(range, sort(field.getKey(), descending), firstPage()), field.getValue());
                assertIndexOnly(page(List.of(), sort(field.getKey(), descending), firstPage()), field.getValue());
            }
        }
        SortKey newest = sort("eventAt", true);
        assertIndexOnly(page(List.of(), newest, after(newest, Instant.parse("2025-06-01T00:00:00Z"), 1L << 40)),
                "event_by_event_at");
    }

    @Test
    void nameTimelinesAndIdLookupsUseIndexes() throws SQLException {
        assertIndexOnly(page(List.of(equals(List.of("name"), "name-3")), sort("eventAt", true), firstPage()), "event_by_name");
        Plan byId = page(List.of(equals(List.of("id"), 1L, 2L, 3L)), sort("eventAt", true), firstPage());
        assertEquals("PRIMARY", byId.key(), byId.toString());
    }

    /** Timeline shapes name their index (see IndexHint); every other shape is left to the optimizer. */
    @Test
    void timelineShapesNameTheirIndexOthersLeaveTheChoiceToTheOptimizer() throws SQLException {
        Instant march = Instant.parse("2025-03-01T00:00:00Z");
        Filter prospect = equals(List.of("prospect", "id"), "prospect-7");
        Filter eventAtFrom = from("eventAt", march);
        Filter createdAtFrom = from("createdAt", march);
        SortKey newest = sort("eventAt", true);
        Map<String, List<Filter>> named = Map.of(
                "event_by_prospect", List.of(prospect, eventAtFrom),
                "event_by_name", List.of(equals(List.of("name"), "name-3")),
                "event_by_event_at", List.of(eventAtFrom));
        for (Map.Entry<String, List<Filter>> shape : named.entrySet()) {
            SqlStatement statement = EventSql.page(org, shape.getValue(), newest, firstPage(), 51);
            assertTrue(statement.sql().contains(" FORCE INDEX (" + shape.getKey() + ") "), statement.sql());
            assertIndexOnly(explain(statement), shape.getKey());
        }
        assertTrue(EventSql.page(org, List.of(), sort("updatedAt", false), firstPage(), 51).sql()
                .contains(" FORCE INDEX (event_by_updated_at) "));
        List<List<Filter>> optimizerShapes = List.of(
                List.of(equals(List.of("prospect", "id"), "prospect-1", "prospect-2")),
                List.of(prospect, equals(List.of("name"), "name-3")),
                List.of(createdAtFrom),
                List.of(prospect, createdAtFrom),
                List.of(equals(List.of("id"), 1L)));
        for (List<Filter> filters : optimizerShapes) {
            String sql = EventSql.page(org, filters, newest, firstPage(), 51).sql();
            assertFalse(sql.contains("FORCE INDEX"), sql);
        }
        assertFalse(EventSql.page(org, List.of(prospect), sort("createdAt", true), firstPage(), 51).sql()
                .contains("FORCE INDEX"));
    }

    private static List<Filter> analystFilters() {
        List<Filter> analyst = new ArrayList<>();
        analyst.add(equals(List.of("prospect", "id"), "prospect-1", "prospect-2", "prospect-3", "prospect-4", "prospect-5",
                "prospect-6", "prospect-7", "prospect-8", "prospect-9", "prospect-10"));
        analyst.add(equals(List.of("name"), "name-1", "name-2"));
        analyst.add(from("eventAt", Instant.parse("2025-02-01T00:00:00Z")));
        analyst.add(until("eventAt", Instant.parse("2025-05-01T00:00:00Z")));
        return analyst;
    }

    @Test
    void analystListsCheckTheNameInTheRelationshipIndex() throws SQLException {
        Plan plan = page(analystFilters(), sort("eventAt", true), firstPage());
        assertEquals("event_by_prospect", plan.key(), plan.toString());
        assertEquals("range", plan.type(), plan.toString());
        // the name is a column of the index: rows of other names are skipped before the row is read,
        // so nothing is left to check on the row ("Using where")
        assertTrue(plan.extra() != null && plan.extra().contains("Using index condition"), plan.toString());
        assertFalse(plan.extra().contains("Using where"), "the name is checked in the index: " + plan);
    }

    @Test
    void analystTotalsReadOnlyTheIndex() throws SQLException {
        Plan plan = explain(EventSql.count(org, analystFilters()));
        assertEquals("event_by_prospect", plan.key(), plan.toString());
        assertTrue(plan.extra() != null && plan.extra().contains("Using index") && !plan.extra().contains("condition"),
                "index-only count: " + plan);
    }

    @Test
    void cappedCountsReadOnlyTheIndex() throws SQLException {
        SqlStatement count = EventSql.cappedCount(org, List.of(equals(List.of("prospect", "id"), "prospect-7")), 100_001);
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + count.sql())) {
            for (int i = 0; i < count.parameters().size(); i++) {
                explain.setObject(i + 1, count.parameters().get(i));
            }
            boolean indexOnly = false;
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    if ("event".equals(rs.getString("table"))) {
                        assertNotEquals("ALL", rs.getString("type"));
                        indexOnly = "event_by_prospect".equals(rs.getString("key"))
                                && rs.getString("Extra") != null && rs.getString("Extra").contains("Using index");
                    }
                }
            }
            assertTrue(indexOnly, "the capped count reads only event_by_prospect");
        }
    }

    @Test
    void countsOfTimelinesReadOnlyTheIndex() throws SQLException {
        for (String relationship : RELATIONSHIPS) {
            Plan plan = explain(EventSql.count(org, List.of(equals(List.of(relationship, "id"), relationship + "-7"))));
            assertEquals("event_by_" + relationship, plan.key(), plan.toString());
            assertTrue(plan.extra() != null && plan.extra().contains("Using index"), "index-only count: " + plan);
        }
    }

    private Plan counts(List<Filter> filters, boolean byName, CountQuery.Period period, String zone, String relationship)
            throws SQLException {
        CountQuery query = new CountQuery(filters, byName, period, java.time.ZoneId.of(zone),
                relationship == null ? null : EventField.relationship(relationship));
        ZoneShift shift = period == null ? ZoneShift.utc() : ZoneShift.of(query.zone(), query.eventAtRange(), 400);
        return explain(EventSql.counts(org, query, shift, 10_001));
    }

    /** The grouped counts of /event-counts read a range of an index, never the whole table. */
    @Test
    void groupedCountsReadARangeOfAnIndex() throws SQLException {
        List<Filter> ninetyDays = List.of(equals(List.of("prospect", "id"), "prospect-7"),
                from("eventAt", Instant.parse("2025-03-01T00:00:00Z")), until("eventAt", Instant.parse("2025-05-30T00:00:00Z")));
        // a prospect's events per name per day over 90 days, in a zone with summer time: the prospect's index alone
        Plan perDay = counts(ninetyDays, true, CountQuery.Period.DAY, "Europe/Paris", null);
        assertEquals("event_by_prospect", perDay.key(), perDay.toString());
        assertEquals("range", perDay.type(), perDay.toString());
        assertTrue(perDay.extra() != null && perDay.extra().contains("Using index"), "index-only: " + perDay);
        for (String relationship : RELATIONSHIPS) {
            Plan plan = counts(List.of(equals(List.of(relationship, "id"), relationship + "-7")), true, CountQuery.Period.WEEK,
                    "UTC", null);
            assertEquals("event_by_" + relationship, plan.key(), plan.toString());
        }
        // the org's names per month, no filter: the org's range of one index or of the key (MariaDB 10.11
        // picks the primary key), bounded by max-events like any count; never the whole table
        Plan names = counts(List.of(), true, CountQuery.Period.MONTH, "America/New_York", null);
        assertNotEquals("ALL", names.type(), names.toString());
        assertTrue(names.key() != null, names.toString());
        // one time range grouped by a relationship: an index range, never the whole table
        Plan byAccount = counts(List.of(from("eventAt", Instant.parse("2025-03-01T00:00:00Z")),
                until("eventAt", Instant.parse("2025-03-08T00:00:00Z"))), false, null, "UTC", "account");
        assertNotEquals("ALL", byAccount.type(), byAccount.toString());
        assertTrue(byAccount.key() != null, byAccount.toString());
    }

    /** The catalog reads each name's first and last eventAt from the ends of the name index, never along it. */
    @Test
    void theCatalogsBoundsAreTwoIndexDivesPerName() throws SQLException {
        String sql = io.eventstore.catalog.store.CatalogStore.boundsSql(2);
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            int index = 1;
            for (String name : List.of("name-3", "name-4")) {
                explain.setString(index++, name);
                explain.setLong(index++, org);
                explain.setString(index++, name);
                explain.setLong(index++, org);
                explain.setString(index++, name);
            }
            int subqueries = 0;
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString("Extra");
                    if (rs.getString("select_type").contains("SUBQUERY")) {
                        subqueries++;
                        assertTrue(extra != null && extra.contains("optimized away"), "answered from the index's ends: " + extra);
                    }
                }
            }
            assertEquals(4, subqueries);
        }
    }
}
