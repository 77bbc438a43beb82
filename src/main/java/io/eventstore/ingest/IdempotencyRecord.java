package io.eventstore.ingest;

import io.eventstore.db.UtcMicros;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** One row of {@code idempotency_key}: the request's fingerprint and the answer it got. */
@MappedEntity("idempotency_key")
public record IdempotencyRecord(
        @EmbeddedId IdempotencyKeyId id,
        byte[] requestHash,
        int status,
        @Nullable String location,
        @Nullable String contentType,
        byte[] response,
        @UtcMicros Instant createdAt,
        @UtcMicros Instant expiresAt) {
}
