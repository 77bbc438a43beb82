package io.eventstore.auth;

import io.eventstore.ids.IdGenerator;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Minting, listing, revoking and recognising API tokens. */
@Singleton
public class ApiTokens {

    /** A token as it is shown once, at minting, with its row. */
    public record Minted(String secret, ApiToken token) {
    }

    private final ApiTokenRepository tokens;
    private final OrgRepository orgs;
    private final IdGenerator ids;
    private final Clock clock;

    public ApiTokens(ApiTokenRepository tokens, OrgRepository orgs, IdGenerator ids, Clock clock) {
        this.clock = clock;
        this.tokens = tokens;
        this.orgs = orgs;
        this.ids = ids;
    }

    public Minted mint(long org, String name, Set<Scope> scopes, @Nullable Instant expiresAt, @Nullable Integer rateLimit) {
        if (orgs.findById(org).isEmpty()) {
            throw new IllegalArgumentException("there is no org " + org);
        }
        if (rateLimit != null && rateLimit < 1) {
            throw new IllegalArgumentException("a rate limit is at least 1 request per period");
        }
        String secret = TokenSecrets.generate();
        Instant now = now();
        ApiToken token = new ApiToken(org, ids.next(), TokenSecrets.hash(secret), TokenSecrets.displayPrefix(secret),
                name, Scope.format(scopes), rateLimit, now, expiresAt, null);
        tokens.insert(token.orgId(), token.id(), token.tokenHash(), token.prefix(), token.name(), token.scopes(),
                token.rateLimit(), token.createdAt(), token.expiresAt());
        return new Minted(secret, token);
    }

    public List<ApiToken> list(long org) {
        return tokens.list(org);
    }

    /** Answers whether a usable token was revoked now (false: no such token in this org, or already revoked). */
    public boolean revoke(long org, long tokenId) {
        return tokens.revoke(org, tokenId, now()) == 1;
    }

    /** The caller the token with this hash stands for, if it is live. */
    public Optional<Caller> authenticateHash(byte[] hash) {
        return tokens.findByHash(hash)
                .filter(token -> token.usableAt(now()))
                .map(ApiTokens::caller);
    }

    static Caller caller(ApiToken token) {
        return new Caller(token.orgId(), token.id(), Scope.parseList(token.scopes()), token.rateLimit(), token.expiresAt());
    }

    /** Which of these tokens of the org are not revoked (a stream ends when its token is). */
    public Set<Long> unrevoked(long org, Collection<Long> tokenIds) {
        return tokenIds.isEmpty() ? Set.of() : Set.copyOf(tokens.unrevokedAmong(org, tokenIds));
    }

    public boolean anyUsable() {
        return tokens.countUsable(now()) > 0;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
