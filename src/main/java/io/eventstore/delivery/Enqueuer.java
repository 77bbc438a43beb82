package io.eventstore.delivery;

import io.eventstore.db.TransactionRetry;
import io.eventstore.event.Change;
import io.eventstore.event.query.Filter;
import io.eventstore.event.store.ChangeStore;
import io.eventstore.feed.Loop;
import io.eventstore.feed.Sequencer;
import io.eventstore.feed.Wakeup;
import io.eventstore.ids.IdGenerator;
import io.eventstore.webhook.ChangeDocuments;
import io.eventstore.webhook.ChangeFilters;
import io.eventstore.webhook.Webhook;
import io.eventstore.webhook.WebhookSettings;
import io.eventstore.webhook.store.DeliveryStore;
import io.eventstore.webhook.store.WebhookStore;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the change feed into deliveries: for every active hook behind its org's feed, the changes
 * after its position that match its filter become deliveries, written with their documents, and
 * the hook's position moves past them, in one transaction that holds the org's hooks locked (two
 * instances never make the same delivery twice; the unique key would refuse it anyway). It runs
 * when this instance's sequencer positioned changes and every poll interval otherwise.
 */
@Singleton
public class Enqueuer implements Sequencer.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Enqueuer.class);
    static final int CHUNK = 500;
    private static final int INSERT_ROWS = 200;

    private final WebhookStore hooks;
    private final DeliveryStore deliveries;
    private final ChangeStore changes;
    private final ChangeFilters filters;
    private final ChangeDocuments documents;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionOperations<Connection> transactions;
    private final TransactionRetry retry;
    private final WebhookSettings settings;
    private final Wakeup wakeup = new Wakeup();
    private volatile Runnable enqueued = () -> { };
    private volatile Loop loop;
    private final Map<Long, Integer> faults = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Long, Read> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    public Enqueuer(WebhookStore hooks, DeliveryStore deliveries, ChangeStore changes, ChangeFilters filters,
                    ChangeDocuments documents, IdGenerator ids, Clock clock, TransactionOperations<Connection> transactions,
                    TransactionRetry retry, WebhookSettings settings, Sequencer sequencer) {
        this.hooks = hooks;
        this.deliveries = deliveries;
        this.changes = changes;
        this.filters = filters;
        this.documents = documents;
        this.ids = ids;
        this.clock = clock;
        this.transactions = transactions;
        this.retry = retry;
        this.settings = settings;
        sequencer.listen(this);
    }

    @Override
    public void positioned(long orgId, long lastPosition) {
        wakeup.signal();
    }

    /** Starts its thread; {@code enqueued} runs after each round that made deliveries (the deliverer wakes). */
    synchronized void start(Runnable whenEnqueued) {
        enqueued = whenEnqueued;
        if (loop == null) {
            loop = Loop.start("webhook-enqueuer", () -> {
                int made = round();
                if (made > 0) {
                    enqueued.run();
                }
                return made >= CHUNK;
            }, wakeup, settings.pollInterval(), LOG);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (loop != null) {
            loop.stop();
        }
        loop = null;
    }

    /** One round over every hook behind its feed; answers how many deliveries it made. */
    @Connectable
    public int round() {
        Map<Long, List<Long>> byOrg = new LinkedHashMap<>();
        java.util.Set<Long> behind = new java.util.HashSet<>();
        for (Webhook hook : hooks.behind()) {
            byOrg.computeIfAbsent(hook.orgId(), org -> new ArrayList<>()).add(hook.id());
            behind.add(hook.id());
        }
        parsed.keySet().retainAll(behind); // deleted hooks (and idle ones, read again when behind) leave
        int made = 0;
        for (Map.Entry<Long, List<Long>> org : byOrg.entrySet()) {
            try {
                made += retry.run(() -> transactions.executeWrite(status -> enqueue(org.getKey(), org.getValue())));
            } catch (RuntimeException e) {
                // one org's fault (a stored filter the grammar no longer reads, say) holds up no other org
                if (faults.merge(org.getKey(), 1, Integer::sum) % 300 == 1) { // once a minute or so, not every round
                    LOG.warn("the deliveries of org {} could not be made: {}", org.getKey(), e.toString());
                }
            }
        }
        return made;
    }

    /** A hook's filter read by the grammar once, not on every round (a round may run 50 times a second). */
    private List<Filter> conditions(Webhook hook) {
        Read read = parsed.get(hook.id());
        if (read == null || !read.filter().equals(hook.filter())) {
            read = new Read(hook.filter(), filters.read(hook.filter()));
            parsed.put(hook.id(), read);
        }
        return read.conditions();
    }

    private record Read(io.eventstore.webhook.HookFilter filter, List<Filter> conditions) {
    }

    /** Up to a chunk of the org's changes, read once for all its hooks, in the caller's transaction. */
    private int enqueue(long orgId, List<Long> hookIds) {
        List<Webhook> locked = hooks.lockActive(orgId, hookIds);
        if (locked.isEmpty()) {
            return 0;
        }
        long from = locked.stream().mapToLong(Webhook::feedPosition).min().orElseThrow();
        List<Change> read = changes.after(orgId, from, CHUNK);
        if (read.isEmpty()) {
            return 0;
        }
        long through = read.get(read.size() - 1).position();
        Map<String, byte[]> written = new HashMap<>(); // one document per change and base, however many hooks take it
        List<DeliveryStore.New> made = new ArrayList<>();
        for (Webhook hook : locked) {
            List<Filter> conditions = conditions(hook);
            for (Change change : read) {
                if (change.position() > hook.feedPosition() && conditions.stream().allMatch(f -> f.matches(change.event()))) {
                    byte[] body = written.computeIfAbsent(change.position() + " " + hook.baseUrl(),
                            key -> documents.document(change, hook.baseUrl()));
                    made.add(new DeliveryStore.New(orgId, ids.next(), hook.id(), change.position(), change.kind(),
                            change.event().id(), body));
                }
            }
        }
        for (int slice = 0; slice < made.size(); slice += INSERT_ROWS) { // statements of a bounded size
            deliveries.insert(made.subList(slice, Math.min(made.size(), slice + INSERT_ROWS)), clock.instant());
        }
        for (Webhook hook : locked) {
            hooks.advance(orgId, hook.id(), through);
        }
        return made.size();
    }
}
