package io.eventstore.db;

import io.eventstore.auth.Scope;
import io.eventstore.ingest.IdempotencyKeyId;
import io.eventstore.ingest.IdempotencyKeyRepository;
import io.eventstore.ingest.IdempotencyRecord;
import io.eventstore.ingest.IdempotencySweeper;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every timestamp the service binds keeps its microseconds on every server: on MariaDB 10.x the
 * driver believes it talks to MySQL 5.5 and drops them from bound temporal values (see
 * {@link SqlTime}). Events are covered by the API tests; these are the other tables, read back as
 * the server's own text, and a comparison that only holds to the microsecond.
 */
class StoredTimesTest extends ApiTestBase {

    private static final Instant NOW = Instant.parse("2026-03-01T08:15:30.123456Z");

    @Inject
    Store store;

    @Inject
    IdempotencyKeyRepository keys;

    @Inject
    IdempotencySweeper sweeper;

    @Test
    void anIdempotencyKeyKeepsTheMicrosecondsOfItsTimes() {
        clock.freezeAt(NOW);
        String key = uniqueId("micros");
        Reply created = api.withHeader("Idempotency-Key", key).post("/events", event("email_opened").json());
        created.assertStatus(201);
        assertEquals("2026-03-01 08:15:30.123456", store.text(
                "SELECT created_at FROM idempotency_key WHERE org_id = ? AND idem_key = '" + key + "'", org));
        assertEquals("2026-03-02 08:15:30.123456", store.text(
                "SELECT expires_at FROM idempotency_key WHERE org_id = ? AND idem_key = '" + key + "'", org));
    }

    @Test
    void theSweeperComparesToTheMicrosecond() {
        Instant justBefore = NOW.minus(1, ChronoUnit.MICROS);
        Instant justAfter = NOW.plus(1, ChronoUnit.MICROS);
        keys.save(record("gone", justBefore));
        keys.save(record("kept", justAfter));
        sweeper.sweep(NOW);
        assertTrue(keys.findById(new IdempotencyKeyId(org, "gone")).isEmpty(), "expired 1 µs ago");
        assertEquals(justAfter, keys.findById(new IdempotencyKeyId(org, "kept")).orElseThrow().expiresAt(),
                "expires in 1 µs, read back whole");
    }

    @Test
    void aTokenKeepsTheMicrosecondsOfItsTimes() {
        clock.freezeAt(NOW);
        Instant expiry = Instant.parse("2030-01-02T03:04:05.654321Z");
        long tokenOrg = newOrg();
        long id = tokens.mint(tokenOrg, "micros", EnumSet.of(Scope.READ), expiry, null).token().id();
        tokens.revoke(tokenOrg, id);
        assertEquals(Map.of("created_at", "2026-03-01 08:15:30.123456", "expires_at", "2030-01-02 03:04:05.654321",
                        "revoked_at", "2026-03-01 08:15:30.123456"),
                Map.of("created_at", store.text("SELECT created_at FROM api_token WHERE org_id = ?", tokenOrg),
                        "expires_at", store.text("SELECT expires_at FROM api_token WHERE org_id = ?", tokenOrg),
                        "revoked_at", store.text("SELECT revoked_at FROM api_token WHERE org_id = ?", tokenOrg)));
        assertEquals(expiry, tokens.list(tokenOrg).get(0).expiresAt());
    }

    private IdempotencyRecord record(String key, Instant expiresAt) {
        return new IdempotencyRecord(new IdempotencyKeyId(org, key), new byte[32], 201, null, null, new byte[]{1},
                NOW.minus(1, ChronoUnit.HOURS), expiresAt);
    }
}
