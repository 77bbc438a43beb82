package io.eventstore.catalog;

import io.eventstore.catalog.store.CatalogStore;
import io.eventstore.db.TransactionRetry;
import io.eventstore.event.store.ChangeStore;
import io.eventstore.feed.Loop;
import io.eventstore.feed.Wakeup;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the catalog of names from the change feed, after commit: for each org whose feed is ahead
 * of its catalog, up to a chunk of changes is applied in one transaction that holds the org's
 * catalog row locked and moves its position past them (two instances never apply a change twice).
 * A creation adds one to its name and its payload's properties, a deletion takes one away, a rename
 * moves the event from one name to the other; each name touched gets its first and last eventAt
 * from the name index. Ingest itself writes nothing more than its change, which it wrote anyway.
 *
 * <p>It runs every {@code poll-interval} (at once again while a round found a whole chunk), not at
 * each position the sequencer gives: a round is a transaction with its commit, and one per burst of
 * single posts (about fifty a second) cost single-post ingest 40% of its rate on two cores, where
 * one every half second costs nothing measurable and leaves the catalog half a second behind.
 */
@Singleton
public class CatalogUpdater implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogUpdater.class);
    static final int CHUNK = 2_000;

    private final ChangeStore changes;
    private final CatalogStore catalog;
    private final TransactionOperations<Connection> transactions;
    private final TransactionRetry retry;
    private final Duration pollInterval;
    private final int maxProperties;
    private final Wakeup wakeup = new Wakeup();
    private final Map<Long, Integer> faults = new ConcurrentHashMap<>();
    private final boolean enabled;
    private volatile Loop loop;

    public CatalogUpdater(ChangeStore changes, CatalogStore catalog, TransactionOperations<Connection> transactions,
                          TransactionRetry retry,
                          @Value("${event-store.catalog.poll-interval:500ms}") Duration pollInterval,
                          @Value("${event-store.catalog.max-properties:200}") int maxProperties,
                          @Value("${event-store.catalog.enabled:true}") boolean enabled) {
        this.enabled = enabled;
        this.changes = changes;
        this.catalog = catalog;
        this.transactions = transactions;
        this.retry = retry;
        this.pollInterval = pollInterval;
        this.maxProperties = maxProperties;
    }

    /** The catalog is kept where the service serves HTTP, not in the admin command. */
    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        start();
    }

    synchronized void start() {
        if (loop == null && enabled) { // off: the catalog stays where it was (a benchmark's comparison, an instance kept out of it)
            loop = Loop.start("catalog-updater", () -> round() >= CHUNK, wakeup, pollInterval, LOG);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (loop != null) {
            loop.stop();
        }
        loop = null;
    }

    /** One round over every org behind its feed; answers how many changes it applied (a chunk or more: there may be more). */
    @Connectable
    public int round() {
        int applied = 0;
        for (long org : catalog.behind()) {
            try {
                applied = Math.max(applied, retry.run(() -> transactions.executeWrite(status -> apply(org))));
                faults.remove(org);
            } catch (RuntimeException e) {
                if (faults.merge(org, 1, Integer::sum) % 300 == 1) { // one org's fault holds up no other, and is logged now and then
                    LOG.warn("the catalog of org {} could not be kept: {}", org, e.toString());
                }
            }
        }
        return applied;
    }

    /** Applies up to a chunk of the org's changes, in the caller's transaction. */
    private int apply(long orgId) {
        long position = catalog.lockPosition(orgId);
        List<ChangeStore.NameChange> read = changes.namesAfter(orgId, position, CHUNK);
        if (read.isEmpty()) {
            return 0;
        }
        Deltas deltas = new Deltas();
        for (ChangeStore.NameChange change : read) {
            switch (change.kind()) {
                case CREATED -> deltas.add(change.name(), 1, change);
                case DELETED -> deltas.add(change.name(), -1, change);
                case UPDATED -> {
                    if (change.priorName() != null) { // renamed: the event and its payload move to the new name
                        deltas.add(change.priorName(), -1, change);
                        deltas.add(change.name(), 1, change);
                    } else {
                        deltas.add(change.name(), 0, change); // eventAt may have moved: the bounds are read again
                    }
                }
            }
        }
        Set<String> names = deltas.counts.keySet();
        Map<String, Instant[]> bounds = catalog.bounds(orgId, names);
        List<CatalogStore.NameDelta> rows = new ArrayList<>();
        for (Map.Entry<String, Long> count : deltas.counts.entrySet()) {
            Instant[] now = bounds.get(count.getKey());
            Instant[] seen = deltas.seen.get(count.getKey());
            rows.add(new CatalogStore.NameDelta(count.getKey(), count.getValue(), now == null ? null : now[0],
                    now == null ? null : now[1], seen[0], seen[1]));
        }
        catalog.addToNames(orgId, rows);
        properties(orgId, deltas.properties);
        catalog.removeEmpty(orgId, names);
        catalog.advance(orgId, read.get(read.size() - 1).position());
        return read.size();
    }

    /** Adds the properties' counts; a name keeps at most {@code maxProperties}, and is marked when it had more. */
    private void properties(long orgId, Map<String, Map<String, Long>> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        Map<String, Set<String>> kept = catalog.propertyKeys(orgId, deltas.keySet());
        List<CatalogStore.PropertyRow> rows = new ArrayList<>();
        Set<String> truncated = new HashSet<>();
        deltas.forEach((name, byKey) -> {
            Set<String> keys = kept.computeIfAbsent(name, n -> new HashSet<>());
            byKey.forEach((key, count) -> {
                if (count == 0) {
                    return;
                }
                if (!keys.contains(key)) {
                    if (count < 0) {
                        return; // a property never kept (beyond the bound): nothing to take away
                    }
                    if (keys.size() >= maxProperties) {
                        truncated.add(name);
                        return;
                    }
                    keys.add(key);
                }
                int space = key.lastIndexOf(' ');
                rows.add(new CatalogStore.PropertyRow(name, key.substring(0, space), key.substring(space + 1), count));
            });
        });
        if (!rows.isEmpty()) {
            catalog.addToProperties(orgId, rows);
        }
        if (!truncated.isEmpty()) {
            catalog.markTruncated(orgId, truncated);
        }
    }

    /** What a chunk of changes adds to each name: a count, the eventAt range of its changes, and its properties' counts. */
    private static final class Deltas {
        final Map<String, Long> counts = new LinkedHashMap<>();
        final Map<String, Instant[]> seen = new LinkedHashMap<>();
        final Map<String, Map<String, Long>> properties = new LinkedHashMap<>();

        void add(String name, int count, ChangeStore.NameChange change) {
            counts.merge(name, (long) count, Long::sum);
            Instant at = change.eventAt();
            seen.merge(name, new Instant[]{at, at}, (a, b) -> new Instant[]{
                    a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
            if (count != 0) {
                Map<String, Long> ofName = properties.computeIfAbsent(name, n -> new LinkedHashMap<>());
                for (PayloadShape.Property property : PayloadShape.of(change.payload())) {
                    ofName.merge(CatalogStore.key(property.path(), property.type()), (long) count, Long::sum);
                }
            }
        }
    }
}
