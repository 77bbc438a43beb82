package io.eventstore.auth;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the look-up cache on (as in production), what README promises: a revocation takes effect
 * only when the cached answer runs out, an expiry takes effect at once. Time moves on the service's
 * clock, not by waiting.
 */
@MicronautTest(transactional = false)
@Property(name = "event-store.auth.cache-ttl", value = "5s")
class TokenCacheTest extends ApiTestBase {


    @Test
    void aRevocationTakesEffectWhenTheCachedAnswerRunsOut() {
        long org = newOrg();
        ApiTokens.Minted minted = tokens.mint(org, "cached", EnumSet.of(Scope.READ), null, null);
        Api holder = api.as(minted.secret());
        holder.get("/events").assertStatus(200);
        assertTrue(tokens.revoke(org, minted.token().id()));
        holder.get("/events").assertStatus(200); // the cached answer still stands
        clock.advance(Duration.ofSeconds(6));
        holder.get("/events").assertError(401, "invalid_token", "header", "Authorization");
    }

    @Test
    void anExpiryTakesEffectAtOnceEvenWhenCached() {
        long org = newOrg();
        Instant expiry = clock.instant().plusSeconds(2);
        Api holder = api.as(tokens.mint(org, "expiring", EnumSet.of(Scope.READ), expiry, null).secret());
        holder.get("/events").assertStatus(200);
        clock.advance(Duration.ofSeconds(3)); // past the expiry, within the 5 s of the cached answer
        holder.get("/events").assertError(401, "invalid_token", "header", "Authorization");
    }
}
