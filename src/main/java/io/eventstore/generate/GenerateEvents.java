package io.eventstore.generate;

import io.eventstore.ids.IdGenerator;
import io.eventstore.auth.OrgRepository;
import io.micronaut.context.ApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.time.Instant;
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
 * <pre>java -cp target/event-store-0.1.0.jar io.eventstore.generate.GenerateEvents [events] [threads]</pre>
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
    private static final String INSERT = "INSERT INTO event (org_id, id, name, event_at, created_at, updated_at,"
            + " external_url, payload, request_city, request_device, request_host, request_proxied, request_region,"
            + " account_id, call_id, mailing_id, opportunity_id, prospect_id, task_id, user_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

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
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        long twoYears = 2L * 365 * 24 * 3600;
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (long i = 0; i < count; i++) {
                int prospect = skewedProspect(random);
                LocalDateTime eventAt = now.minusSeconds(random.nextLong(twoYears)).plusNanos(random.nextInt(1_000_000) * 1000L);
                LocalDateTime createdAt = eventAt.plusSeconds(random.nextInt(5));
                insert.setLong(1, org(random));
                insert.setLong(2, ids.next());
                insert.setString(3, NAMES[Math.min(NAMES.length - 1, (int) (NAMES.length * Math.pow(random.nextDouble(), 1.6)))]);
                insert.setObject(4, eventAt);
                insert.setObject(5, createdAt);
                insert.setObject(6, createdAt);
                insert.setString(7, "https://mail.example.com/m/" + random.nextInt(10_000_000));
                insert.setString(8, payload(random, prospect));
                insert.setString(9, CITIES[random.nextInt(CITIES.length)]);
                insert.setString(10, random.nextInt(3) == 0 ? "mobile" : "desktop");
                insert.setString(11, "mail.example.com");
                insert.setBoolean(12, random.nextInt(10) == 0);
                insert.setString(13, "R" + random.nextInt(20));
                insert.setString(14, "acc-" + (prospect % ACCOUNTS));
                insert.setString(15, random.nextInt(5) == 0 ? "call-" + random.nextInt(2_000_000) : null);
                insert.setString(16, "m-" + random.nextInt(MAILINGS));
                insert.setString(17, random.nextInt(10) == 0 ? "opp-" + (prospect % 20_000) : null);
                insert.setString(18, "p-" + prospect);
                insert.setString(19, random.nextInt(4) == 0 ? "task-" + random.nextInt(3_000_000) : null);
                insert.setString(20, "u-" + random.nextInt(USERS));
                insert.addBatch();
                if ((i + 1) % BATCH == 0 || i == count - 1) {
                    insert.executeBatch();
                    progress(done.addAndGet((i % BATCH) + 1), total, started);
                }
            }
        }
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
