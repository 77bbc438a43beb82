package io.eventstore.events;

import io.eventstore.auth.Caller;
import io.eventstore.db.SqlErrors;
import io.eventstore.error.ApiException;
import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.EventInput;
import io.eventstore.event.EventRules;
import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.EventQuery;
import io.eventstore.event.query.ListedPage;
import io.eventstore.event.store.EventStore;
import io.eventstore.ids.IdGenerator;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What can be done with events, one method per request (a batch calls the same methods). Each
 * acts as the caller it is given, in the caller's org; a batch passes its {@link PendingInserts}.
 */
@Singleton
public class Events {

    private final EventStore store;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionOperations<Connection> transactions;

    public Events(EventStore store, IdGenerator ids, Clock clock, TransactionOperations<Connection> transactions) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * A page is one statement on a connection in auto-commit mode: a transaction around it costs
     * three more round trips, and the page itself is one. A page with its total is read in one
     * read-only transaction, so that both see the same snapshot.
     */
    @Connectable
    public ListedPage list(Caller caller, EventQuery query) {
        Cursor boundary = query.page().boundary();
        if (boundary != null && boundary.orgId() != caller.org()) {
            throw ApiException.atParameter(query.page().backwards() ? "page[before]" : "page[after]", "invalid_cursor",
                    "This cursor was not issued by this service; use the links of a previous response.");
        }
        return query.page().totals()
                ? transactions.executeRead(status -> store.page(caller.org(), query))
                : store.page(caller.org(), query);
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
        return changed;
    }

    /** Points one relationship at {@code relatedId} (null clears it). */
    public Event relate(Caller caller, long id, EventField relationship, String relatedId) {
        return update(caller, id, new EventInput().put(relationship, relatedId));
    }

    @Connectable
    public void delete(Caller caller, long id) {
        if (!store.delete(caller.org(), id)) {
            throw ApiException.notFound();
        }
    }

    /**
     * Inserts the collected events in one JDBC batch (in the caller's transaction); an id that another
     * instance drew too is drawn again.
     */
    @Connectable
    public void flush(PendingInserts pending) {
        List<Event> rows = pending.drain();
        if (rows.isEmpty()) {
            return;
        }
        try {
            store.insert(rows);
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
        }
    }
}
