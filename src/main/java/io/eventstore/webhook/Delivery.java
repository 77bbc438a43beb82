package io.eventstore.webhook;

import io.eventstore.event.ChangeKind;

import java.time.Instant;

/**
 * One change of the feed on its way to one hook, with what its last attempt got: the status the
 * receiver answered (null when none came), how long it took, and what went wrong.
 */
public record Delivery(long orgId, long id, long webhookId, long position, ChangeKind kind, long eventId,
                       DeliveryState state, int attempts, Instant createdAt, Instant lastAttemptAt,
                       Integer lastStatus, Integer lastLatencyMillis, String lastError, Instant nextAttemptAt) {
}
