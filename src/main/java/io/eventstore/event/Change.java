package io.eventstore.event;

/**
 * One change of an org's feed: its position (totally ordered within the org), what happened, and
 * the event as the change stored it (for a delete: as it was last).
 */
public record Change(long position, ChangeKind kind, Event event) {
}
