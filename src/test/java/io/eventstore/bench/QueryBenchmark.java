package io.eventstore.bench;

import io.eventstore.api.Links;
import io.eventstore.event.EventField;
import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.CursorCodec;
import io.eventstore.event.query.Filter;
import io.eventstore.event.query.Micros;
import io.eventstore.event.query.PageRequest;
import io.eventstore.event.query.SortKey;
import io.eventstore.event.store.EventSql;
import io.eventstore.event.store.SqlStatement;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Read benchmark helper (not a test), used by {@code src/bench/query-benchmark.sh}.
 * <ul>
 *   <li>{@code prepare JDBC_URL DIR [DEEP_OFFSET [ORG_DEEP_OFFSET]]}: picks inputs from the generated data and writes, per query
 *       shape, the request paths ({@code NAME.paths}) and the very SQL the service runs for them
 *       ({@code NAME.sql}), built with the service's own {@link EventSql};</li>
 *   <li>{@code prepare} also writes {@code peer-NAME.paths}: the same requests (same prospects, same
 *       ids, the deep page at the same place) in the URLs of the Elide peer of
 *       {@code src/bench/peer-benchmark.sh}, whose listing pages by offset;</li>
 *   <li>{@code count JDBC_URL}: prints how many events org 1 holds;</li>
 *   <li>{@code ceiling JDBC_URL FILE SECONDS CONCURRENCY}: runs those statements with plain JDBC and
 *       prints {@code statements_per_second p50_ms p99_ms}.</li>
 * </ul>
 */
public final class QueryBenchmark {

    private static final long ORG = 1;
    private static final int VARIANTS = 500;
    /** The ceiling's warm-up ends as the service's does (service.sh: the same settings, the same defaults). */
    private static final double JIT_SETTLED_PERCENT = Double.parseDouble(System.getenv().getOrDefault("JIT_SETTLED_PERCENT", "5"));
    private static final int WARMUP_MAX_PASSES = Integer.parseInt(System.getenv().getOrDefault("WARMUP_MAX_PASSES", "10"));
    private static final int PAGE = 50;

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("count")) {
            try (Connection db = DriverManager.getConnection(args[1], BenchDatabase.user(), BenchDatabase.password());
                 PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM event WHERE org_id = " + ORG);
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                System.out.printf("%,d%n", rs.getLong(1));
            }
        } else if (args[0].equals("prepare")) {
            prepare(args[1], Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 10_000,
                    args.length > 4 ? Integer.parseInt(args[4]) : 500_000);
        } else {
            ceiling(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
    }

    /** One query: the path the client requests and the statements the service runs for it. */
    record Query(String path, List<SqlStatement> statements) {
    }

    private static void prepare(String url, Path dir, int deepOffset, int orgDeepOffset) throws Exception {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(7);
        try (Connection db = DriverManager.getConnection(url, BenchDatabase.user(), BenchDatabase.password())) {
            CursorCodec cursors = new CursorCodec(Base64.getDecoder().decode(secret(db)));
            SortKey newest = SortKey.NEWEST_FIRST;
            List<Query> timeline = new ArrayList<>();
            List<Query> busyFirst = new ArrayList<>();
            List<Query> busyDeep = new ArrayList<>();
            List<Query> analyst = new ArrayList<>();
            List<Query> analystTotals = new ArrayList<>();
            List<Query> byId = new ArrayList<>();
            List<String> peerTimeline = new ArrayList<>();
            for (int i = 0; i < VARIANTS; i++) {
                String prospect = "p-" + random.nextInt(100_000);
                timeline.add(timeline(prospect, newest, null, null));
                peerTimeline.add(peerTimeline(prospect, 0));
            }
            // the busiest prospect's timeline: its first page, and a page deep inside it
            String busiest = "p-0";
            busyFirst.add(timeline(busiest, newest, null, null));
            Object[] deep = rowAt(db, busiest, deepOffset);
            Cursor cursor = new Cursor(ORG, newest.signature(), List.of(Micros.of((Instant) deep[0])), (Long) deep[1]);
            busyDeep.add(timeline(busiest, newest, cursor, cursors.encode(cursor)));
            // the whole org, newest first: page 1 and, by default, page 10,001 (500,000 events in)
            List<Query> orgFirst = List.of(timeline(null, newest, null, null));
            Object[] far = rowAt(db, null, orgDeepOffset);
            Cursor farCursor = new Cursor(ORG, newest.signature(), List.of(Micros.of((Instant) far[0])), (Long) far[1]);
            List<Query> orgDeep = List.of(timeline(null, newest, farCursor, cursors.encode(farCursor)));
            Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < VARIANTS; i++) {
                Query plain = analyst(random, end, newest, false);
                analyst.add(plain);
                analystTotals.add(analyst(random, end, newest, true));
            }
            List<String> peerById = new ArrayList<>();
            for (long id : sampleIds(db, random)) {
                byId.add(new Query("/events/" + id, List.of(EventSql.find(ORG, id))));
                peerById.add("/api/event/" + id);
            }
            write(dir, "timeline", timeline);
            write(dir, "timeline-busy-first", busyFirst);
            write(dir, "timeline-busy-deep", busyDeep);
            write(dir, "newest-page-1", orgFirst);
            write(dir, "newest-page-10001", orgDeep);
            write(dir, "analyst", analyst);
            write(dir, "analyst-totals", analystTotals);
            write(dir, "by-id", byId);
            Files.write(dir.resolve("peer-timeline.paths"), peerTimeline, StandardCharsets.UTF_8);
            Files.write(dir.resolve("peer-timeline-busy-first.paths"), List.of(peerTimeline(busiest, 0)), StandardCharsets.UTF_8);
            // the cursor names the row at deepOffset, and the page starts after it
            Files.write(dir.resolve("peer-timeline-busy-deep.paths"), List.of(peerTimeline(busiest, deepOffset + 1)), StandardCharsets.UTF_8);
            Files.write(dir.resolve("peer-by-id.paths"), peerById, StandardCharsets.UTF_8);
        }
    }

    /** A prospect's timeline, newest first, as the Elide peer is asked for it: RSQL filter, offset paging. */
    private static String peerTimeline(String prospect, int offset) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("filter[event]", "orgId==" + ORG + ";prospectId==" + prospect);
        parameters.put("sort", "-eventAt,-id");
        parameters.put("page[offset]", Integer.toString(offset));
        parameters.put("page[limit]", Integer.toString(PAGE));
        return Links.withQuery("/api/event", parameters);
    }

    private static Query timeline(String prospect, SortKey sort, Cursor cursor, String token) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (prospect != null) {
            parameters.put("filter[prospect][id]", prospect);
        }
        parameters.put("sort", "-eventAt");
        parameters.put("page[size]", Integer.toString(PAGE));
        if (token != null) {
            parameters.put("page[after]", token);
        }
        List<Filter> filters = prospect == null ? List.of() : List.of(new Filter.In(EventField.PROSPECT, List.of(prospect)));
        PageRequest page = new PageRequest(PAGE, cursor, null, false);
        return new Query(Links.withQuery("/events", parameters),
                List.of(EventSql.page(ORG, filters, sort, page, PAGE + 1)));
    }

    private static Query analyst(SplittableRandom random, Instant end, SortKey sort, boolean totals) {
        List<String> prospects = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            prospects.add("p-" + random.nextInt(2_000));
        }
        List<String> names = List.of("email_sent", "email_opened");
        Instant to = end.minus(random.nextInt(600), ChronoUnit.DAYS);
        Instant from = to.minus(90, ChronoUnit.DAYS);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("filter[prospect][id]", String.join(",", prospects));
        parameters.put("filter[name]", String.join(",", names));
        parameters.put("filter[eventAt]", from + ".." + to);
        parameters.put("page[size]", Integer.toString(PAGE));
        if (totals) {
            parameters.put("page[totals]", "");
        }
        List<Filter> filters = List.of(
                new Filter.In(EventField.PROSPECT, prospects),
                new Filter.In(EventField.NAME, names),
                new Filter.Range(EventField.EVENT_AT, from, true, null, false),
                new Filter.Range(EventField.EVENT_AT, null, false, to, true));
        List<SqlStatement> statements = new ArrayList<>();
        statements.add(EventSql.page(ORG, filters, sort, new PageRequest(PAGE, null, null, totals), PAGE + 1));
        if (totals) {
            statements.add(EventSql.cappedCount(ORG, filters, 100_001));
        }
        return new Query(Links.withQuery("/events", parameters), statements);
    }

    /** The row {@code offset} rows into a timeline (or the whole org's when prospect is null), newest first. */
    private static Object[] rowAt(Connection db, String prospect, int offset) throws Exception {
        try (PreparedStatement select = db.prepareStatement("SELECT event_at, id FROM event WHERE org_id = ?"
                + (prospect == null ? " AND ? IS NULL" : " AND prospect_id = ?")
                + " ORDER BY event_at DESC, id DESC LIMIT 1 OFFSET ?")) {
            select.setLong(1, ORG);
            select.setString(2, prospect);
            select.setInt(3, offset);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException((prospect == null ? "the org" : prospect) + " has fewer than " + offset
                            + " events: generate more data");
                }
                return new Object[]{rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getLong(2)};
            }
        }
    }

    private static List<Long> sampleIds(Connection db, SplittableRandom random) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement select = db.prepareStatement(
                "SELECT id FROM event WHERE org_id = ? AND event_at >= ? ORDER BY event_at LIMIT 1")) {
            for (int i = 0; i < VARIANTS; i++) {
                select.setLong(1, ORG);
                select.setObject(2, LocalDateTime.now(ZoneOffset.UTC).minusMinutes(random.nextInt(2 * 365 * 24 * 60)));
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
        }
        return ids;
    }

    private static String secret(Connection db) throws Exception {
        try (PreparedStatement select = db.prepareStatement(
                "SELECT value FROM service_setting WHERE org_id = 0 AND name = 'cursor-secret'");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("start the service once so that it creates its cursor key");
            }
            return rs.getString(1);
        }
    }

    /** NAME.paths: one path a line. NAME.sql: the statements of a query on one line, tab-separated typed fields. */
    private static void write(Path dir, String name, List<Query> queries) throws Exception {
        try (PrintWriter paths = new PrintWriter(Files.newBufferedWriter(dir.resolve(name + ".paths"), StandardCharsets.UTF_8));
             PrintWriter sql = new PrintWriter(Files.newBufferedWriter(dir.resolve(name + ".sql"), StandardCharsets.UTF_8))) {
            for (Query query : queries) {
                paths.println(query.path());
                List<String> fields = new ArrayList<>();
                for (SqlStatement statement : query.statements()) {
                    fields.add("Q" + statement.sql());
                    for (Object parameter : statement.parameters()) {
                        fields.add(typed(parameter));
                    }
                }
                sql.println(String.join("\t", fields));
            }
        }
    }

    private static String typed(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return "l" + value;
        }
        if (value instanceof LocalDateTime) {
            return "t" + value;
        }
        return "s" + value;
    }

    /**
     * The same SQL at the same concurrency, measured the way the service is: after warm-up passes
     * until its JIT has settled, as the service's scripts wait for the service's
     * (warm_until_jit_settles). One fixed pass of {@code seconds} was not enough on a slower machine:
     * by id, a ceiling measured after 10 s spent 0.33 ms of its own CPU per query, after 40 s 0.10 ms
     * (docs/benchmarks.md#reads-against-their-ceilings-lean). Prints "measuring" when the measured
     * phase starts (for a CPU sampler: cpu-per-request.sh), then its result.
     */
    private static void ceiling(String url, Path file, int seconds, int concurrency) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        warmUntilJitSettles(() -> closedLoop(url, lines, seconds, concurrency), seconds);
        System.out.println("measuring");
        System.out.flush();
        ClosedLoop.Result result = closedLoop(url, lines, seconds, concurrency);
        System.out.printf("%.0f %.1f %.1f%n", result.perSecond(), result.percentileMillis(0.5), result.percentileMillis(0.99));
    }

    /**
     * Passes until the JIT's compilers spent under {@link #JIT_SETTLED_PERCENT} of a pass's wall time
     * (at least two passes, at most {@link #WARMUP_MAX_PASSES}).
     */
    private static void warmUntilJitSettles(Callable<?> pass, int seconds) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int i = 1; i <= WARMUP_MAX_PASSES; i++) {
            long compiledBefore = jit.getTotalCompilationTime();
            pass.call();
            double percent = 100.0 * (jit.getTotalCompilationTime() - compiledBefore) / (seconds * 1000.0);
            System.err.printf("ceiling warm-up pass %d: the JIT compiled for %.1f%% of it%n", i, percent);
            if (i >= 2 && percent < JIT_SETTLED_PERCENT) {
                return;
            }
        }
    }

    private static ClosedLoop.Result closedLoop(String url, List<String> lines, int seconds, int concurrency) throws Exception {
        return ClosedLoop.run(seconds, concurrency, worker -> {
            Connection db = DriverManager.getConnection(url, BenchDatabase.user(), BenchDatabase.password());
            SplittableRandom random = new SplittableRandom(worker);
            return new ClosedLoop.Client() {
                @Override
                public void call() throws Exception {
                    run(db, lines.get(random.nextInt(lines.size())));
                }

                @Override
                public void close() throws Exception {
                    db.close();
                }
            };
        });
    }

    /** Runs every statement of a line and reads every column of every row, as the service does. */
    private static void run(Connection db, String line) throws Exception {
        String[] fields = line.split("\t");
        int i = 0;
        while (i < fields.length) {
            try (PreparedStatement statement = db.prepareStatement(fields[i].substring(1))) {
                int index = 1;
                for (i = i + 1; i < fields.length && fields[i].charAt(0) != 'Q'; i++, index++) {
                    String value = fields[i].substring(1);
                    switch (fields[i].charAt(0)) {
                        case 'l' -> statement.setLong(index, Long.parseLong(value));
                        case 't' -> statement.setObject(index, LocalDateTime.parse(value));
                        default -> statement.setString(index, value);
                    }
                }
                try (ResultSet rs = statement.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= columns; c++) {
                            rs.getObject(c);
                        }
                    }
                }
            }
        }
    }
}
