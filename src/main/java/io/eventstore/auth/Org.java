package io.eventstore.auth;

import io.eventstore.db.UtcMicros;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** An organisation: every event, token and idempotency key belongs to exactly one. */
@MappedEntity("org")
public record Org(@Id long orgId, String name, @UtcMicros Instant createdAt) {
}
