package io.eventstore.auth;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No valid bearer token, no answer but 401: on every endpoint, and nothing changes. */
class AuthenticationTest extends ApiTestBase {

    @Inject
    Store store;


    @Test
    void everyEndpointWithoutATokenIs401WithABearerChallenge() {
        long org = newOrg();
        Api owner = api.as(token(org, Scope.ALL));
        String id = owner.create(event("untouched"));
        String before = store.snapshot(org);

        for (Endpoints endpoint : Endpoints.about(id)) {
            Reply reply = endpoint.send(api.anonymous()).assertError(401, "unauthorized", "header", "Authorization");
            assertEquals("Bearer realm=\"event-store\"", reply.header("WWW-Authenticate"), endpoint.toString());
            assertEquals(null, reply.header("X-RateLimit-Limit"), "no token, no budget: " + endpoint);
        }
        api.anonymous().send("OPTIONS", "/events", Map.of(), null).assertError(401, "unauthorized", "header", "Authorization");
        api.anonymous().get("/no-such-route").assertStatus(401); // nothing about the API is told before authentication
        assertEquals(before, store.snapshot(org));
    }

    @Test
    void malformedUnknownRevokedAndExpiredTokensAre401() {
        long org = newOrg();
        Api owner = api.as(token(org, Scope.ALL));
        String id = owner.create(event("untouched"));
        String before = store.snapshot(org);

        String revoked = tokens.mint(org, "revoked", EnumSet.of(Scope.ALL), null, null).secret();
        long revokedId = tokens.list(org).stream().filter(t -> t.name().equals("revoked")).findFirst().orElseThrow().id();
        assertTrue(tokens.revoke(org, revokedId));
        String expired = tokens.mint(org, "expired", EnumSet.of(Scope.ALL), Instant.now().minusSeconds(1), null).secret();
        String unknown = TokenSecrets.generate();
        List<String> refused = List.of("Bearer " + revoked, "Bearer " + expired, "Bearer " + unknown, "Bearer not-a-token",
                "Bearer " + unknown.substring(0, 20), "Bearer", "Basic dXNlcjpwYXNz", "bearer" + unknown, "Token " + unknown);

        for (String authorization : refused) {
            for (Endpoints endpoint : Endpoints.about(id)) {
                Reply reply = endpoint.send(api.as(null).withHeader("Authorization", authorization));
                reply.assertError(401, "invalid_token", "header", "Authorization");
                assertEquals("Bearer realm=\"event-store\", error=\"invalid_token\"", reply.header("WWW-Authenticate"),
                        authorization + " on " + endpoint);
            }
        }
        assertEquals(before, store.snapshot(org));
    }

    @Test
    void aTokenStopsWorkingWhenRevokedOrExpired() {
        long org = newOrg();
        ApiTokens.Minted minted = tokens.mint(org, "short-lived", EnumSet.of(Scope.READ), null, null);
        Api holder = api.as(minted.secret());
        holder.get("/events").assertStatus(200);
        assertTrue(tokens.revoke(org, minted.token().id()));
        holder.get("/events").assertError(401, "invalid_token", "header", "Authorization");
        assertEquals(false, tokens.revoke(org, minted.token().id()), "a token is revoked once");

        Instant expiry = clock.instant().plus(Duration.ofHours(1));
        Api expiring = api.as(tokens.mint(org, "expiring", EnumSet.of(Scope.READ), expiry, null).secret());
        expiring.get("/events").assertStatus(200);
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        expiring.get("/events").assertError(401, "invalid_token", "header", "Authorization");
    }

    @Test
    void tokensAreStoredOnlyAsHashes() {
        long org = newOrg();
        ApiTokens.Minted minted = tokens.mint(org, "hashed", EnumSet.of(Scope.READ), null, null);
        assertTrue(minted.secret().matches("evs_[A-Za-z0-9_-]{43}"), "256 random bits, base64url");
        ApiToken stored = tokens.list(org).get(0);
        assertEquals(32, stored.tokenHash().length);
        assertTrue(java.util.Arrays.equals(TokenSecrets.hash(minted.secret()), stored.tokenHash()));
        assertEquals(minted.secret().substring(0, 10), stored.prefix());
        assertTrue(store.tokenColumns(org).stream().noneMatch(value -> value != null && value.contains(minted.secret().substring(10))),
                "the secret part of the token is nowhere in its row");
    }
}
