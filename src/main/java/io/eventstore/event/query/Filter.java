package io.eventstore.event.query;

import io.eventstore.event.Event;
import io.eventstore.event.EventField;

import java.time.Instant;
import java.util.List;

/** One condition of a listing; the conditions of a query all hold (AND). */
public sealed interface Filter {

    EventField field();

    /** Whether the event meets the condition: the listing's SQL and the stream's check agree on it. */
    boolean matches(Event event);

    /** The field has one of these values (OR): Long ids, String names and related ids. */
    record In(EventField field, List<?> values) implements Filter {
        public In {
            if (field.filtering() != EventField.Filtering.IN || values.isEmpty()) {
                throw new IllegalStateException(field + " takes no list filter of " + values.size() + " values");
            }
            values = List.copyOf(values);
        }

        @Override
        public boolean matches(Event event) {
            // an absent relationship matches no list, as NULL matches no IN (the copied list refuses contains(null))
            Object value = event.get(field);
            return value != null && values.contains(value);
        }
    }

    /** The field lies between two instants; a null end is open, each end inclusive or not. */
    record Range(EventField field, Instant from, boolean fromInclusive, Instant to, boolean toInclusive) implements Filter {
        public Range {
            if (field.filtering() != EventField.Filtering.RANGE) {
                throw new IllegalStateException(field + " takes no range");
            }
        }

        @Override
        public boolean matches(Event event) {
            Instant value = (Instant) event.get(field);
            if (from != null && (fromInclusive ? value.isBefore(from) : !value.isAfter(from))) {
                return false;
            }
            return to == null || (toInclusive ? !value.isAfter(to) : value.isBefore(to));
        }
    }
}
