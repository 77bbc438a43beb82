package io.eventstore.delivery;

import io.eventstore.db.TransactionRetry;
import io.eventstore.feed.Loop;
import io.eventstore.feed.Wakeup;
import io.eventstore.webhook.DeliveryState;
import io.eventstore.webhook.ReceiverPolicy;
import io.eventstore.webhook.RetrySchedule;
import io.eventstore.webhook.SecretSeal;
import io.eventstore.webhook.Signature;
import io.eventstore.webhook.SigningSecret;
import io.eventstore.webhook.WebhookSettings;
import io.eventstore.webhook.store.DeliveryStore;
import io.eventstore.webhook.store.WebhookStore;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the attempts: every instance claims due deliveries (one conditional update each, so one
 * instance at a time has a delivery), at most {@code max-in-flight} at once and
 * {@code max-in-flight-per-hook} per hook, posts them on a bounded pool of threads and records the
 * outcome. A 2xx is success; anything else, a timeout or an unreachable receiver is a failure,
 * retried on the {@link RetrySchedule} until it has no more attempts. A hook whose attempts have
 * all failed for {@code disable-after} is turned off with a reason. It also sweeps finished
 * deliveries older than {@code delivery-retention}.
 */
@Singleton
public class Deliverer implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(5);
    private static final int SWEEP_BATCH = 1000;
    private static final String USER_AGENT = "event-store-webhooks/0.1";

    private final DeliveryStore deliveries;
    private final WebhookStore hooks;
    private final Enqueuer enqueuer;
    private final ReceiverPolicy policy;
    private final SecretSeal seal;
    private final Clock clock;
    private final TransactionOperations<Connection> transactions;
    private final TransactionRetry retry;
    private final WebhookSettings settings;
    private final DeliveryMeters meters;
    private final RetrySchedule schedule;
    private final ReceiverClient client;
    private final ExecutorService attempts;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Long, AtomicInteger> perHook = new ConcurrentHashMap<>();
    private final Wakeup wakeup = new Wakeup();
    private final long instanceClaims = new SecureRandom().nextLong() & 0x7fff_ffff_0000_0000L;
    private final AtomicInteger claims = new AtomicInteger();
    private volatile Loop loop;
    private long lastSweep = System.nanoTime();

    public Deliverer(DeliveryStore deliveries, WebhookStore hooks, Enqueuer enqueuer, ReceiverPolicy policy, SecretSeal seal,
                     Clock clock, TransactionOperations<Connection> transactions, TransactionRetry retry,
                     WebhookSettings settings, DeliveryMeters meters) {
        this.deliveries = deliveries;
        this.hooks = hooks;
        this.enqueuer = enqueuer;
        this.policy = policy;
        this.seal = seal;
        this.clock = clock;
        this.transactions = transactions;
        this.retry = retry;
        this.settings = settings;
        this.meters = meters;
        this.schedule = new RetrySchedule(settings.retrySchedule(), () -> ThreadLocalRandom.current().nextDouble());
        this.client = new ReceiverClient(settings.connectTimeout(), settings.timeout(), settings.responseBytes(),
                settings.maxInFlightPerHook());
        AtomicInteger threads = new AtomicInteger();
        this.attempts = Executors.newFixedThreadPool(settings.maxInFlight(), task -> {
            Thread worker = new Thread(task, "webhook-delivery-" + threads.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
    }

    /** Deliveries run where the service serves HTTP, not in the admin command. */
    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        start();
    }

    synchronized void start() {
        if (loop == null) {
            enqueuer.start(wakeup::signal);
            loop = Loop.start("webhook-deliverer", this::round, wakeup, settings.pollInterval(), LOG);
        }
    }

    /** Wakes the deliverer (a delivery was made due by hand). */
    public void wake() {
        wakeup.signal();
    }

    @PreDestroy
    synchronized void stop() {
        if (loop != null) {
            loop.stop();
        }
        loop = null;
        enqueuer.stop();
        attempts.shutdownNow(); // an attempt cut short keeps its lease: the delivery is due again when it ends
    }

    /** Claims what is due and has room; answers whether there may be more at once. */
    @Connectable
    boolean round() {
        sweepNowAndThen();
        client.closeIdle();
        int free = settings.maxInFlight() - inFlight.get();
        if (free <= 0) {
            return false;
        }
        Instant now = clock.instant();
        List<DeliveryStore.Due> due = deliveries.due(now, Math.min(500, free * 4));
        Map<Long, WebhookStore.Target> targets = targets(due);
        List<DeliveryStore.Due> off = new ArrayList<>();
        // as many as there is room for, at most max-in-flight-per-hook of a hook
        List<DeliveryStore.Due> chosen = new ArrayList<>();
        Map<Long, Integer> taken = new java.util.HashMap<>();
        for (DeliveryStore.Due delivery : due) {
            WebhookStore.Target target = targets.get(delivery.webhookId());
            if (target == null || !target.active()) {
                off.add(delivery);
                continue;
            }
            int running = perHook.computeIfAbsent(delivery.webhookId(), id -> new AtomicInteger()).get();
            int mine = taken.merge(delivery.webhookId(), 1, Integer::sum);
            if (chosen.size() < free && running + mine <= settings.maxInFlightPerHook()) {
                chosen.add(delivery);
            }
        }
        park(off, now);
        long claim = instanceClaims | (claims.incrementAndGet() & 0xffff_ffffL);
        Instant lease = now.plus(settings.timeout()).plus(settings.connectTimeout()).plusSeconds(60);
        List<DeliveryStore.Due> claimed = chosen.isEmpty() ? List.of()
                : retry.run(() -> transactions.executeWrite(status -> deliveries.claim(chosen, claim, now, lease)));
        Map<Long, byte[]> bodies = deliveries.bodies(claimed);
        for (DeliveryStore.Due delivery : claimed) {
            Attempt attempt = new Attempt(delivery, targets.get(delivery.webhookId()), bodies.get(delivery.id()));
            AtomicInteger hook = perHook.get(delivery.webhookId());
            hook.incrementAndGet();
            inFlight.incrementAndGet();
            attempts.execute(() -> {
                try {
                    attempt(attempt, claim);
                } catch (RuntimeException e) {
                    // a fault of ours (a secret that does not open, say): the lease runs out and it is tried again
                    LOG.warn("webhook delivery {} failed inside the service: {}", delivery.id(), e.toString());
                } finally {
                    hook.decrementAndGet();
                    inFlight.decrementAndGet();
                    wakeup.signal();
                }
            });
        }
        return !claimed.isEmpty() && due.size() > claimed.size() + off.size() && inFlight.get() < settings.maxInFlight();
    }

    /**
     * Parks the due deliveries of hooks that are off, each hook's with its row locked and checked
     * again: a hook turned on meanwhile (which unparks, holding the same lock) keeps them due.
     */
    private void park(List<DeliveryStore.Due> off, Instant now) {
        Map<List<Long>, List<DeliveryStore.Due>> byHook = new LinkedHashMap<>();
        off.forEach(delivery -> byHook.computeIfAbsent(List.of(delivery.orgId(), delivery.webhookId()), key -> new ArrayList<>())
                .add(delivery));
        byHook.forEach((hook, parked) -> retry.run(() -> transactions.executeWrite(status -> {
            boolean on = hooks.findForUpdate(hook.get(0), hook.get(1)).map(io.eventstore.webhook.Webhook::active).orElse(false);
            if (!on) {
                deliveries.park(parked, now);
            }
            return null;
        })));
    }

    /** One attempt to make: the delivery, its hook, its document. */
    private record Attempt(DeliveryStore.Due delivery, WebhookStore.Target target, byte[] body) {
    }

    /** The hooks of these deliveries (an org at a time: hooks are few), by id. */
    private Map<Long, WebhookStore.Target> targets(List<DeliveryStore.Due> due) {
        Map<Long, java.util.Set<Long>> byOrg = new LinkedHashMap<>();
        due.forEach(delivery -> byOrg.computeIfAbsent(delivery.orgId(), org -> new java.util.HashSet<>()).add(delivery.webhookId()));
        Map<Long, WebhookStore.Target> targets = new java.util.HashMap<>();
        byOrg.forEach((org, ids) -> targets.putAll(hooks.targets(org, ids)));
        return targets;
    }

    private void attempt(Attempt attempt, long claim) {
        DeliveryStore.Due delivery = attempt.delivery();
        Instant at = clock.instant();
        long start = System.nanoTime();
        ReceiverClient.Answer answer;
        ReceiverPolicy.Resolved target = policy.resolve(attempt.target().url());
        if (target.problem() != null) {
            answer = new ReceiverClient.Answer(null, "refused: " + target.problem());
        } else {
            String id = Long.toString(delivery.id());
            long timestamp = at.getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/vnd.api+json");
            headers.put("User-Agent", USER_AGENT);
            headers.put("webhook-id", id);
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature", Signature.header(id, timestamp, attempt.body(), secrets(attempt.target(), at)));
            answer = client.post(attempt.target().url(), target.address(), headers, attempt.body());
        }
        int latency = (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        boolean success = answer.status() != null && answer.status() >= 200 && answer.status() < 300;
        String error = success ? null : answer.error() != null ? answer.error()
                : "the receiver answered " + answer.status() + " (only a 2xx is a success; redirects are not followed)";
        DeliveryStore.Outcome outcome = new DeliveryStore.Outcome(at, answer.status(), latency, error);
        meters.attempted(success, latency);
        try {
            retry.run(() -> transactions.executeWrite(status -> {
                record(attempt, claim, outcome, success);
                return null;
            }));
        } catch (RuntimeException e) {
            // the lease runs out and the delivery is attempted again: at least once, never lost
            LOG.warn("the outcome of webhook delivery {} could not be recorded: {}", delivery.id(), e.toString());
        }
    }

    private List<SigningSecret> secrets(WebhookStore.Target hook, Instant at) {
        WebhookStore.Secrets sealed = hook.secrets();
        List<SigningSecret> secrets = new ArrayList<>(2);
        secrets.add(seal.open(sealed.current(), hook.orgId(), hook.webhookId()));
        if (sealed.previous() != null && sealed.previousUntil() != null && sealed.previousUntil().isAfter(at)) {
            secrets.add(seal.open(sealed.previous(), hook.orgId(), hook.webhookId()));
        }
        return secrets;
    }

    private void record(Attempt attempt, long claim, DeliveryStore.Outcome outcome, boolean success) {
        DeliveryStore.Due delivery = attempt.delivery();
        Instant now = clock.instant();
        if (success) {
            deliveries.record(delivery, claim, outcome, DeliveryState.SUCCEEDED, now);
            if (attempt.target().failing()) {
                hooks.succeeding(delivery.orgId(), delivery.webhookId());
            }
            return;
        }
        Instant next = schedule.next(delivery.attempt(), now);
        if (!deliveries.record(delivery, claim, outcome, next == null ? DeliveryState.FAILED : DeliveryState.PENDING,
                next == null ? now : next)) {
            return; // the claim was lost (this attempt outlived its lease): the newer attempt records its own
        }
        hooks.failing(delivery.orgId(), delivery.webhookId(), outcome.at());
        String reason = "Every delivery attempt failed for " + settings.disableAfter().toString().substring(2).toLowerCase()
                + " or longer; the last: " + outcome.error();
        if (hooks.disableIfFailingSince(delivery.orgId(), delivery.webhookId(), now.minus(settings.disableAfter()),
                reason.substring(0, Math.min(512, reason.length())), now)) {
            LOG.warn("webhook {} of org {} was disabled: its deliveries have failed for {}", delivery.webhookId(),
                    delivery.orgId(), settings.disableAfter().toString().substring(2).toLowerCase());
        }
    }

    void sweepNowAndThen() {
        if (System.nanoTime() - lastSweep < SWEEP_EVERY.toNanos()) {
            return;
        }
        lastSweep = System.nanoTime();
        Instant before = clock.instant().minus(settings.deliveryRetention());
        for (DeliveryState finished : List.of(DeliveryState.SUCCEEDED, DeliveryState.FAILED)) {
            while (deliveries.sweep(finished, before, SWEEP_BATCH) == SWEEP_BATCH) {
                Thread.onSpinWait();
            }
        }
    }

    /** Deliveries in flight on this instance (for metrics). */
    int inFlight() {
        return inFlight.get();
    }
}
