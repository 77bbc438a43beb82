package io.eventstore.events;

import io.eventstore.auth.Caller;
import io.eventstore.db.SqlErrors;
import io.eventstore.error.ApiException;
import io.eventstore.event.ChangeKind;
import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.EventInput;
import io.eventstore.event.EventRules;
import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.EventQuery;
import io.eventstore.event.query.ListedPage;
import io.eventstore.event.store.ChangeStore;
import io.eventstore.event.store.EventStore;
import io.eventstore.event.store.RecentFeedPositions;
import io.eventstore.ids.IdGenerator;
import io.eventstore.db.SnapshotRead;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What can be done with events, one method per request (a batch calls the same methods). Each
 * acts as the caller it is given, in the caller's org; a batch passes its {@link PendingInserts}.
 * Every write also writes its change to the org's feed ({@link ChangeStore}) in the same
 * transaction: nothing commits without its change, and no change without what it changed.
 */
@Singleton
public class Events {

    private final EventStore store;
    private final ChangeStore changes;
    private final RecentFeedPositions recentPositions;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionOperations<Connection> transactions;

    public Events(EventStore store, ChangeStore changes, RecentFeedPositions recentPositions, IdGenerator ids, Clock clock,
                  TransactionOperations<Connection> transactions) {
        this.store = store;
        this.changes = changes;
        this.recentPositions = recentPositions;
        this.ids = ids;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * A page is one statement on a connection in auto-commit mode: a transaction around it costs
     * two more round trips (START TRANSACTION, COMMIT), and the page itself is one. A page with its total is read in one
     * read-only transaction, so that both see the same snapshot. The feed's position is taken first
     * (read at most 200 ms ago, {@link RecentFeedPositions}): every change up to it committed before
     * the page's snapshot began, so a client that streams after it misses nothing (a change made
     * meanwhile may reach it twice, in the page and the stream).
     */
    @Connectable
    public ListedPage list(Caller caller, EventQuery query) {
        Cursor boundary = query.page().boundary();
        if (boundary != null && boundary.orgId() != caller.org()) {
            throw ApiException.atParameter(query.page().backwards() ? "page[before]" : "page[after]", "invalid_cursor",
                    "This cursor was not issued by this service; use the links of a previous response.");
        }
        long position = recentPositions.of(caller.org());
        ListedPage page = query.page().totals()
                ? transactions.execute(SnapshotRead.DEFINITION, status -> store.page(caller.org(), query))
                : store.page(caller.org(), query);
        return page.at(position);
    }

    @Connectable
    public Event find(Caller caller, long id) {
        return store.find(caller.org(), id).orElseThrow(ApiException::notFound);
    }

    /**
     * A new event. In a batch ({@code pending} not null) it is inserted with the batch's other new
     * events when the batch flushes; alone, at once, as a batch of one.
     */
    @Connectable
    public Event create(Caller caller, EventInput input, PendingInserts pending) {
        Event event = EventRules.create(caller.org(), ids.next(), input, clock.instant());
        if (pending != null) {
            pending.add(event);
            return event;
        }
        PendingInserts alone = new PendingInserts();
        alone.add(event);
        flush(alone);
        return alone.stored(event);
    }

    /** Changes a stored event (a batch flushes its pending inserts first: they may be the one changed). */
    @Transactional
    public Event update(Caller caller, long id, EventInput changes) {
        Event stored = store.findForUpdate(caller.org(), id).orElseThrow(ApiException::notFound);
        Event changed = EventRules.change(stored, changes, clock.instant());
        store.update(changed);
        String priorName = stored.name().equals(changed.name()) ? null : stored.name();
        record(ChangeKind.UPDATED, changed.updatedAt(), changed, priorName);
        return changed;
    }

    /** Points one relationship at {@code relatedId} (null clears it). */
    public Event relate(Caller caller, long id, EventField relationship, String relatedId) {
        return update(caller, id, new EventInput().put(relationship, relatedId));
    }

    /** Deletes a stored event; its change keeps the event as it was, at a time past its last change. */
    @Transactional
    public void delete(Caller caller, long id) {
        Event stored = store.findForUpdate(caller.org(), id).orElseThrow(ApiException::notFound);
        store.delete(caller.org(), id);
        Instant now = EventRules.micros(clock.instant());
        Instant last = stored.updatedAt();
        record(ChangeKind.DELETED, now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS), stored, null);
    }

    /** {@code priorName}: the name before an update that renamed the event (the catalog of names moves it), else null. */
    private void record(ChangeKind kind, Instant at, Event event, String priorName) {
        changes.record(List.of(new ChangeStore.Written(ids.next(), kind, at, event, priorName)));
    }

    /**
     * Inserts the collected events in one JDBC batch (in the caller's transaction, or one of its
     * own), then their changes in another; an id that another instance drew too is drawn again.
     */
    @Transactional
    public void flush(PendingInserts pending) {
        List<Event> rows = pending.drain();
        if (rows.isEmpty()) {
            return;
        }
        List<Event> stored = insert(rows, pending);
        changes.recordCreated(stored.get(0).orgId(), stored, ids::next);
    }

    private List<Event> insert(List<Event> rows, PendingInserts pending) {
        try {
            store.insert(rows);
            return rows;
        } catch (DataAccessException e) {
            if (!SqlErrors.isDuplicatePrimaryKey(e)) {
                throw e;
            }
            // the failed statement inserted nothing (InnoDB undoes a statement whole): draw every id again
            List<Event> again = new ArrayList<>(rows.size());
            for (Event row : rows) {
                Event redrawn = row.with(EventField.ID, ids.next());
                pending.redrawn(row, redrawn);
                again.add(redrawn);
            }
            store.insert(again);
            return again;
        }
    }
}
