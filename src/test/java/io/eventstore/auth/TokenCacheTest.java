package io.eventstore.auth;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the look-up cache on (as in production), what README promises: a revocation takes effect
 * only when the cached answer runs out, an expiry takes effect at once.
 */
@MicronautTest(transactional = false)
@Property(name = "event-store.auth.cache-ttl", value = "2s")
class TokenCacheTest extends ApiTestBase {

    @Test
    void aRevocationTakesEffectWhenTheCachedAnswerRunsOut() throws InterruptedException {
        long org = newOrg();
        ApiTokens.Minted minted = tokens.mint(org, "cached", EnumSet.of(Scope.READ), null, null);
        Api holder = api.as(minted.secret());
        holder.get("/events").assertStatus(200);
        long cachedAt = System.nanoTime();
        assertTrue(tokens.revoke(org, minted.token().id()));
        if (System.nanoTime() - cachedAt < 1_500_000_000L) {
            holder.get("/events").assertStatus(200); // still within the 2 s of the cached answer
        }
        Thread.sleep(2_100);
        holder.get("/events").assertError(401, "invalid_token", "header", "Authorization");
    }

    @Test
    void anExpiryTakesEffectAtOnceEvenWhenCached() throws InterruptedException {
        long org = newOrg();
        Instant expiry = Instant.now().plusMillis(800);
        Api holder = api.as(tokens.mint(org, "expiring", EnumSet.of(Scope.READ), expiry, null).secret());
        holder.get("/events").assertStatus(200);
        Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 50);
        holder.get("/events").assertError(401, "invalid_token", "header", "Authorization"); // the cache holds it for 2 s
    }
}
