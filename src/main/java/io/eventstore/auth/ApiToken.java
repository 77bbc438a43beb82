package io.eventstore.auth;

import io.eventstore.db.UtcMicros;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of {@code api_token}: everything about a token except the token itself. */
@MappedEntity("api_token")
public record ApiToken(long orgId,
                       @Id long id,
                       byte[] tokenHash,
                       String prefix,
                       String name,
                       String scopes,
                       @Nullable Integer rateLimit,
                       @UtcMicros Instant createdAt,
                       @Nullable @UtcMicros Instant expiresAt,
                       @Nullable @UtcMicros Instant revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    public String state(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt != null && !expiresAt.isAfter(now) ? "expired" : "active";
    }
}
