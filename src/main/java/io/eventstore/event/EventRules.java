package io.eventstore.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventstore.error.ApiException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * The rules of an event's life, as pure functions: ids and timestamps are the server's, eventAt
 * defaults to the creation time, updatedAt moves forward on every change, the payload never changes.
 * Time is kept to the microsecond, as the columns keep it.
 */
public final class EventRules {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventRules() {
    }

    /** A new event of {@code orgId} from a checked create document, made at {@code now}. */
    public static Event create(long orgId, long id, EventInput input, Instant now) {
        Instant at = micros(now);
        Object[] values = new Object[EventField.ALL.size()];
        input.given().forEach((field, value) -> values[field.ordinal()] = value);
        values[EventField.ID.ordinal()] = id;
        values[EventField.CREATED_AT.ordinal()] = at;
        values[EventField.UPDATED_AT.ordinal()] = at;
        Instant eventAt = (Instant) values[EventField.EVENT_AT.ordinal()];
        values[EventField.EVENT_AT.ordinal()] = eventAt == null ? at : micros(eventAt);
        return new Event(orgId, values);
    }

    /** The stored event with a checked update document's changes, made at {@code now}. */
    public static Event change(Event stored, EventInput changes, Instant now) {
        refuseChange(stored, changes, EventField.PAYLOAD);
        refuseChange(stored, changes, EventField.CREATED_AT);
        refuseChange(stored, changes, EventField.UPDATED_AT);
        Object[] values = stored.values();
        for (Map.Entry<EventField, Object> change : changes.given().entrySet()) {
            EventField field = change.getKey();
            if (field.write() != EventField.Write.SERVER && field.write() != EventField.Write.IMMUTABLE) {
                values[field.ordinal()] = field == EventField.EVENT_AT ? micros((Instant) change.getValue()) : change.getValue();
            }
        }
        Instant updatedAt = micros(now);
        values[EventField.UPDATED_AT.ordinal()] = updatedAt.isAfter(stored.updatedAt())
                ? updatedAt : stored.updatedAt().plus(1, ChronoUnit.MICROS); // forward even within one microsecond
        return new Event(stored.orgId(), values);
    }

    private static void refuseChange(Event stored, EventInput changes, EventField field) {
        if (!changes.has(field) || same(field, stored.get(field), changes.get(field))) {
            return;
        }
        String why = field == EventField.PAYLOAD
                ? "The payload of an event can never change once the event exists."
                : field.jsonName() + " is set by the server and cannot be changed.";
        throw ApiException.atPointer(403, "immutable_" + field.jsonName(), "Forbidden", why,
                "/data/attributes/" + field.jsonName());
    }

    private static boolean same(EventField field, Object stored, Object requested) {
        if (requested instanceof Instant instant) {
            return micros(instant).equals(stored);
        }
        if (field.type() == EventField.ValueType.JSON_OBJECT && stored != null && requested != null) {
            return json((String) stored).equals(json((String) requested)); // MySQL rewrites JSON text; compare values
        }
        return Objects.equals(stored, requested);
    }

    private static Object json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored payload is not JSON", e);
        }
    }

    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
