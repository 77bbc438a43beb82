package io.eventstore.event;

import io.eventstore.ids.IdGenerator;
import io.eventstore.jsonapi.ApiException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The rules of the event's life: ids and timestamps are the server's, the payload never changes. */
@Singleton
public class EventService {

    private final EventRecordRepository repository;
    private final IdGenerator ids;
    private final EventInserts inserts;

    public EventService(EventRecordRepository repository, IdGenerator ids, EventInserts inserts) {
        this.repository = repository;
        this.inserts = inserts;
        this.ids = ids;
    }

    public Optional<EventRecord> findRecord(long orgId, long id) {
        flushPending();
        return repository.findById(new EventKey(orgId, id));
    }

    public Event create(long orgId, Event input) {
        return EventMapping.toResource(createRecord(orgId, input));
    }

    public EventRecord createRecord(long orgId, Event input) {
        Instant now = now();
        Instant eventAt = input.getEventAt() == null ? now : input.getEventAt().truncatedTo(ChronoUnit.MICROS);
        String payload = EventMapping.writePayload(input.getPayload());
        try {
            return store(orgId, input, eventAt, now, payload);
        } catch (DataAccessException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            return store(orgId, input, eventAt, now, payload); // another instance drew the same id: draw again
        }
    }

    private EventRecord store(long orgId, Event input, Instant eventAt, Instant now, String payload) {
        EventRecord row = EventMapping.toRecord(new EventKey(orgId, ids.next()), input, eventAt, now, now, payload);
        if (PendingInserts.active()) {
            PendingInserts.add(row); // written by flushPending, with the rest of the batch
            return row;
        }
        return repository.save(row);
    }

    /** Inserts the events a batch has collected so far, in one JDBC batch. */
    public void flushPending() {
        List<EventRecord> rows = PendingInserts.drain();
        if (!rows.isEmpty()) {
            inserts.insertAll(rows);
        }
    }

    @Transactional
    public Event update(long orgId, long id, Event changed) {
        flushPending(); // a batch may update an event it has just added
        EventRecord stored = repository.findById(new EventKey(orgId, id)).orElseThrow(ApiException::notFound);
        refuseChange("payload", EventMapping.parsePayload(stored.payload()), changed.getPayload());
        refuseChange("createdAt", stored.createdAt(), changed.getCreatedAt());
        refuseChange("updatedAt", stored.updatedAt(), changed.getUpdatedAt());
        Instant eventAt = changed.getEventAt().truncatedTo(ChronoUnit.MICROS);
        Instant updatedAt = later(now(), stored.updatedAt());
        EventRecord row = EventMapping.toRecord(stored.key(), changed, eventAt, stored.createdAt(), updatedAt, stored.payload());
        return EventMapping.toResource(repository.update(row));
    }

    public void delete(long orgId, long id) {
        flushPending();
        if (repository.deleteById(new EventKey(orgId, id)) == 0) {
            throw ApiException.notFound();
        }
    }

    private static void refuseChange(String attribute, Object stored, Object requested) {
        boolean same = requested instanceof Instant instant
                ? instant.truncatedTo(ChronoUnit.MICROS).equals(stored)
                : Objects.equals(stored, requested);
        if (!same) {
            String why = attribute.equals("payload")
                    ? "The payload of an event can never change once the event exists."
                    : attribute + " is set by the server and cannot be changed.";
            throw ApiException.atPointer(403, "immutable_" + attribute, "Forbidden", why, "/data/attributes/" + attribute);
        }
    }

    /** updatedAt moves forward on every change, even when two changes share a microsecond. */
    private static Instant later(Instant now, Instant previous) {
        return now.isAfter(previous) ? now : previous.plus(1, ChronoUnit.MICROS);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

}
