package io.eventstore.bench;

import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.store.EventSql;
import io.eventstore.ids.IdGenerator;
import io.eventstore.auth.OrgRepository;
import io.micronaut.context.ApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fills the configured database (the embedded one by default) with realistic events for
 * benchmarks: several orgs, a few thousand accounts, ~100k prospects with a skewed distribution
 * (the busiest have tens of thousands of events), twenty-odd event names, two years of eventAt,
 * payloads of a few hundred bytes. Batched and parallel; prints progress.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/bench.classpath) io.eventstore.bench.GenerateEvents [events] [threads]</pre>
 * (a benchmark tool: it lives with the tests, not in the production jar)
 */
public final class GenerateEvents {

    static final int PROSPECTS = 100_000;
    static final int ACCOUNTS = 3_000;
    static final int USERS = 250;
    static final int MAILINGS = 5_000;
    static final long[] ORGS = {1, 2, 3, 4, 5};
    static final String[] NAMES = {"email_sent", "email_delivered", "email_opened", "email_clicked", "email_replied",
        "email_bounced", "email_unsubscribed", "call_logged", "call_completed", "call_no_answer", "task_created",
        "task_completed", "meeting_booked", "meeting_held", "prospect_created", "prospect_updated", "stage_changed",
        "opportunity_created", "opportunity_won", "opportunity_lost", "mailbox_created", "sequence_started"};
    private static final int BATCH = 1_000;

    private GenerateEvents() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String url;
        String user;
        String password;
        // the application context chooses the database and migrates it, as the service would
        try (ApplicationContext context = ApplicationContext.run()) {
            url = context.getRequiredProperty("datasources.default.url", String.class);
            user = context.getProperty("datasources.default.username", String.class).orElse("root");
            password = context.getProperty("datasources.default.password", String.class).orElse("");
            registerOrgs(context.getBean(OrgRepository.class));
            run(url + (url.contains("?") ? "&" : "?") + "rewriteBatchedStatements=true&connectionTimeZone=UTC",
                    user, password, events, threads);
        }
        System.exit(0); // also stops an embedded database, whose process threads would keep the JVM alive
    }

    /** The orgs events are generated for exist as orgs too, so tokens can be minted for them. */
    private static void registerOrgs(OrgRepository orgs) {
        for (long org : ORGS) {
            orgs.insertIfAbsent(org, org == 1 ? "default" : "generated-" + org, Instant.now());
        }
    }

    private static void run(String url, String user, String password, long events, int threads) throws Exception {
        IdGenerator ids = new IdGenerator(1001);
        AtomicLong done = new AtomicLong();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long share = events / threads + (t < events % threads ? 1 : 0);
            long seed = 42 + t;
            workers.add(pool.submit(() -> {
                insert(url, user, password, share, new SplittableRandom(seed), ids, done, started, events);
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("generated %,d events in %.0f s (%,.0f events/s)%n", done.get(), seconds, done.get() / seconds);
    }

    private static void insert(String url, String user, String password, long count, SplittableRandom random,
                               IdGenerator ids, AtomicLong done, long started, long total) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement insert = connection.prepareStatement(EventSql.insert())) {
            for (long i = 0; i < count; i++) {
                int prospect = skewedProspect(random);
                EventSql.bindInsert(insert, event(random, org(random), ids.next(), prospect, now));
                insert.addBatch();
                if ((i + 1) % BATCH == 0 || i == count - 1) {
                    insert.executeBatch();
                    progress(done.addAndGet((i % BATCH) + 1), total, started);
                }
            }
        }
    }

    /**
     * One event of the data set, for {@code prospect}: a name (the common ones more often),
     * an eventAt within the two years before {@code now} (microseconds), a payload of about 330 bytes
     * and three to seven of the seven relationships (api/WriterCost writes such events too).
     */
    public static Event event(SplittableRandom random, long org, long id, int prospect, Instant now) {
        long twoYears = 2L * 365 * 24 * 3600;
        Instant eventAt = now.minusSeconds(random.nextLong(twoYears)).plusNanos(random.nextInt(1_000_000) * 1000L);
        Instant createdAt = eventAt.plusSeconds(random.nextInt(5));
        Object[] values = new Object[EventField.ALL.size()];
        values[EventField.ID.ordinal()] = id;
        values[EventField.NAME.ordinal()] = NAMES[Math.min(NAMES.length - 1, (int) (NAMES.length * Math.pow(random.nextDouble(), 1.6)))];
        values[EventField.EVENT_AT.ordinal()] = eventAt;
        values[EventField.CREATED_AT.ordinal()] = createdAt;
        values[EventField.UPDATED_AT.ordinal()] = createdAt;
        values[EventField.EXTERNAL_URL.ordinal()] = "https://mail.example.com/m/" + random.nextInt(10_000_000);
        values[EventField.PAYLOAD.ordinal()] = payload(random, prospect);
        values[EventField.REQUEST_CITY.ordinal()] = CITIES[random.nextInt(CITIES.length)];
        values[EventField.REQUEST_DEVICE.ordinal()] = random.nextInt(3) == 0 ? "mobile" : "desktop";
        values[EventField.REQUEST_HOST.ordinal()] = "mail.example.com";
        values[EventField.REQUEST_PROXIED.ordinal()] = random.nextInt(10) == 0;
        values[EventField.REQUEST_REGION.ordinal()] = "R" + random.nextInt(20);
        values[EventField.ACCOUNT.ordinal()] = "acc-" + (prospect % ACCOUNTS);
        values[EventField.CALL.ordinal()] = random.nextInt(5) == 0 ? "call-" + random.nextInt(2_000_000) : null;
        values[EventField.MAILING.ordinal()] = "m-" + random.nextInt(MAILINGS);
        values[EventField.OPPORTUNITY.ordinal()] = random.nextInt(10) == 0 ? "opp-" + (prospect % 20_000) : null;
        values[EventField.PROSPECT.ordinal()] = "p-" + prospect;
        values[EventField.TASK.ordinal()] = random.nextInt(4) == 0 ? "task-" + random.nextInt(3_000_000) : null;
        values[EventField.USER.ordinal()] = "u-" + random.nextInt(USERS);
        return new Event(org, values);
    }

    private static final String[] CITIES = {"Lyon", "Paris", "Berlin", "Austin", "Toronto", "Sydney", "Madrid", "Oslo"};

    /** Rank = N * u^2: the busiest prospect gets about 0.3% of all events, most get a handful. */
    static int skewedProspect(SplittableRandom random) {
        double u = random.nextDouble();
        return (int) (PROSPECTS * u * u);
    }

    /** Org 1 holds most events; the others share the rest. */
    private static long org(SplittableRandom random) {
        return random.nextInt(10) < 6 ? ORGS[0] : ORGS[1 + random.nextInt(ORGS.length - 1)];
    }

    private static String payload(SplittableRandom random, int prospect) {
        return "{\"messageId\":\"<" + Long.toHexString(random.nextLong()) + "@mail.example.com>\",\"smtpStatus\":250,"
                + "\"subject\":\"Following up on our conversation about the Q" + (1 + random.nextInt(4)) + " rollout\","
                + "\"sequence\":{\"id\":\"seq-" + random.nextInt(500) + "\",\"step\":" + random.nextInt(8) + "},"
                + "\"tracking\":{\"opens\":" + random.nextInt(6) + ",\"clicks\":" + random.nextInt(3)
                + ",\"userAgent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15\"},"
                + "\"prospectRef\":" + prospect + "}";
    }

    private static void progress(long done, long total, long started) {
        if (done % 100_000 < BATCH || done == total) {
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%,d / %,d events (%.0f%%), %,.0f events/s%n", done, total, 100.0 * done / total, done / seconds);
        }
    }
}
