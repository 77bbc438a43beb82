package io.eventstore.ingest;

import io.eventstore.auth.Caller;
import io.eventstore.error.ApiException;
import io.eventstore.event.Event;
import io.eventstore.event.EventIds;
import io.eventstore.events.Events;
import io.eventstore.events.PendingInserts;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /operations}, the JSON:API Atomic Operations extension: the operations run in order in
 * one transaction, all or nothing, each through the same use case as its single request. New
 * events are collected and inserted together in one JDBC batch.
 */
@Singleton
public class Batch {

    private final Events events;
    private final TransactionOperations<Connection> transactions;

    public Batch(Events events, TransactionOperations<Connection> transactions) {
        this.events = events;
        this.transactions = transactions;
    }

    /**
     * Runs the operations; answers one result per operation: the event it added or updated, or null
     * for those that return no data. A failing operation's refusal is thrown with pointers into the
     * batch, and the transaction rolls back every earlier operation.
     */
    public List<Event> run(Caller caller, List<Operation> operations) {
        return transactions.executeWrite(status -> {
            PendingInserts pending = new PendingInserts();
            Map<String, Long> localIds = new HashMap<>();
            List<Event> results = new ArrayList<>(operations.size());
            for (Operation operation : operations) {
                try {
                    results.add(run(caller, operation, pending, localIds));
                } catch (ApiException refusal) {
                    throw refusal.nestedAt(operation.pointer());
                }
            }
            events.flush(pending);
            for (int i = 0; i < results.size(); i++) {
                if (operations.get(i) instanceof Operation.Add) { // an added event may have been stored under a new id
                    results.set(i, pending.stored(results.get(i)));
                }
            }
            return results;
        });
    }

    private Event run(Caller caller, Operation operation, PendingInserts pending, Map<String, Long> localIds) {
        if (operation instanceof Operation.Add add) {
            Event created = events.create(caller, add.input(), pending);
            if (add.lid() != null) {
                localIds.put(add.lid(), created.id());
            }
            return created;
        }
        events.flush(pending); // what follows reads or changes stored events, maybe one just added
        if (operation instanceof Operation.Update update) {
            return events.update(caller, id(update.target(), pending, localIds), update.changes());
        }
        if (operation instanceof Operation.Relate relate) {
            events.relate(caller, id(relate.target(), pending, localIds), relate.relationship(), relate.relatedId());
            return null;
        }
        Operation.Remove remove = (Operation.Remove) operation;
        events.delete(caller, id(remove.target(), pending, localIds));
        return null;
    }

    /** The target's stored id; an id that names no event is a 404, as for the single request. */
    private static long id(Operation.Target target, PendingInserts pending, Map<String, Long> localIds) {
        if (target.lid() != null) {
            Long local = localIds.get(target.lid());
            if (local == null) {
                throw new IllegalStateException("lid " + target.lid() + " was checked when the batch was read");
            }
            return pending.storedId(local);
        }
        Long id = EventIds.parse(target.id());
        if (id == null) {
            throw ApiException.notFound();
        }
        return id;
    }
}
