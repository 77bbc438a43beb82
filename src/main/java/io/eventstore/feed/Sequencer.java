package io.eventstore.feed;

import io.eventstore.db.TransactionRetry;
import io.eventstore.event.store.ChangeStore;
import io.eventstore.event.store.RecentFeedPositions;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Gives committed changes their positions (docs/adr/0008-change-feed.md). Every instance runs one;
 * in each org their transactions queue on the org's {@code event_feed} row, so positions are given
 * one transaction after another and a later position always commits after every earlier one. The
 * writing transactions never wait for it: they only insert their changes.
 *
 * <p>Changes are positioned in the order of their {@code changed_at}, which grows with every change
 * of one event (whatever the instances' clocks), so the feed never puts a later state of an event
 * before an earlier one; the order among different events follows the time they were changed.
 */
@Singleton
public class Sequencer {

    /** Told, on the sequencer's thread, that an org's feed now reaches a position. */
    public interface Listener {
        void positioned(long orgId, long lastPosition);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

    private final ChangeStore changes;
    private final RecentFeedPositions recentPositions;
    private final TransactionOperations<Connection> transactions;
    private final TransactionRetry retry;
    private final Duration interval;
    private final int batch;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Loop loop;

    public Sequencer(ChangeStore changes, RecentFeedPositions recentPositions, TransactionOperations<Connection> transactions,
                     TransactionRetry retry,
                     @Value("${event-store.feed.sequencer-interval:20ms}") Duration interval,
                     @Value("${event-store.feed.sequencer-batch:2000}") int batch) {
        this.changes = changes;
        this.recentPositions = recentPositions;
        this.transactions = transactions;
        this.retry = retry;
        this.interval = interval;
        this.batch = batch;
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Starts the sequencer's thread (the service does at start-up; tools that only write do not). */
    public synchronized void start() {
        if (loop == null) {
            loop = Loop.start("feed-sequencer", () -> sequence() >= batch, new Wakeup(), interval, LOG);
        }
    }

    @PreDestroy
    public synchronized void stop() {
        if (loop != null) {
            loop.stop();
        }
        loop = null;
    }

    /**
     * One round: the changes without a position (up to the batch), positioned org by org, each org
     * in a transaction of its own. Answers how many changes it saw.
     */
    @Connectable
    public int sequence() {
        List<ChangeStore.Unsequenced> pending = changes.unsequenced(batch);
        Map<Long, List<Long>> byOrg = new LinkedHashMap<>();
        for (ChangeStore.Unsequenced change : pending) {
            byOrg.computeIfAbsent(change.orgId(), org -> new ArrayList<>()).add(change.changeId());
        }
        for (Map.Entry<Long, List<Long>> org : byOrg.entrySet()) {
            long last = retry.run(() -> transactions.executeWrite(status -> {
                long newest = changes.lockFeed(org.getKey());
                return changes.position(org.getKey(), newest, changes.stillUnsequenced(org.getKey(), org.getValue()));
            }));
            recentPositions.reached(org.getKey(), last); // committed: listings may report it now
            for (Listener listener : listeners) {
                listener.positioned(org.getKey(), last);
            }
        }
        return pending.size();
    }
}
