package io.eventstore.ingest;

import io.eventstore.auth.OrgRepository;
import io.eventstore.support.SharedService;
import org.junit.jupiter.api.extension.ExtendWith;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key store itself, against the database: scoping by org, and the sweeper. */
@ExtendWith(SharedService.class)
class IdempotencyStoreTest {

    @Inject
    IdempotencyKeyRepository keys;

    @Inject
    IdempotencySweeper sweeper;

    @Inject
    OrgRepository orgs;

    /** A real org: the sweeper goes through the org table. */
    private long newOrg() {
        String name = "store-" + System.nanoTime();
        orgs.insertNext(name, Instant.now());
        return orgs.findByName(name).orElseThrow().orgId();
    }

    private static IdempotencyRecord record(long org, String key, byte[] hash, Instant expiresAt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new IdempotencyRecord(new IdempotencyKeyId(org, key), hash, 201, null, null, new byte[]{1}, now, expiresAt);
    }

    @Test
    void twoOrgsKeepTheirOwnOutcomeForTheSameKey() {
        String key = "shared-" + System.nanoTime();
        Instant later = Instant.now().plus(1, ChronoUnit.HOURS);
        byte[] hashA = new byte[32];
        byte[] hashB = new byte[32];
        hashB[0] = 1;
        keys.save(record(9001, key, hashA, later));
        keys.save(record(9002, key, hashB, later));
        assertArrayEquals(hashA, keys.findById(new IdempotencyKeyId(9001, key)).orElseThrow().requestHash());
        assertArrayEquals(hashB, keys.findById(new IdempotencyKeyId(9002, key)).orElseThrow().requestHash());
    }

    @Test
    void expiredKeysAreSweptAndLiveOnesKept() {
        String expired = "old-" + System.nanoTime();
        String live = "new-" + System.nanoTime();
        Instant now = Instant.now();
        long org = newOrg();
        keys.save(record(org, expired, new byte[32], now.minus(1, ChronoUnit.MINUTES)));
        keys.save(record(org, live, new byte[32], now.plus(1, ChronoUnit.HOURS)));
        assertTrue(sweeper.sweep(now) >= 1);
        assertTrue(keys.findById(new IdempotencyKeyId(org, expired)).isEmpty());
        assertEquals(live, keys.findById(new IdempotencyKeyId(org, live)).orElseThrow().id().key());
    }
}
