package io.eventstore.ingest;

import io.eventstore.event.EventField;
import io.eventstore.event.EventInput;

/**
 * One checked operation of an atomic batch, as the single request it stands for would do it.
 * {@code pointer} is where it stands in the request ({@code /atomic:operations/3}).
 */
public sealed interface Operation {

    String pointer();

    /** The event an operation acts on: an id as written in the request, or the lid of an earlier add. */
    record Target(String id, String lid) {
    }

    /** {@code add}: creates an event; {@code lid} (or null) names it for later operations. */
    record Add(String pointer, String lid, EventInput input) implements Operation {
    }

    /** {@code update} of attributes and relationships. */
    record Update(String pointer, Target target, EventInput changes) implements Operation {
    }

    /** {@code update} of one relationship ({@code ref.relationship}); {@code relatedId} null clears it. */
    record Relate(String pointer, Target target, EventField relationship, String relatedId) implements Operation {
    }

    /** {@code remove}. */
    record Remove(String pointer, Target target) implements Operation {
    }
}
