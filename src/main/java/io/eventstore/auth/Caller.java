package io.eventstore.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Who is asking: the org a request acts in, the token it came with and that token's scopes. Made
 * from the request's authentication at the edge and passed explicitly to every use case.
 */
public record Caller(long org, long tokenId, Set<Scope> scopes, @Nullable Integer rateLimit, @Nullable Instant expiresAt) {

    static final String ATTRIBUTE = "caller";

    public static Caller of(Authentication authentication) {
        if (authentication.getAttributes().get(ATTRIBUTE) instanceof Caller caller) {
            return caller;
        }
        throw new IllegalStateException("authentication without a caller");
    }

    boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope) || (scope != Scope.METRICS && scopes.contains(Scope.ALL));
    }

    Authentication toAuthentication() {
        return Authentication.build("token:" + tokenId, scopes.stream().map(Scope::wireName).toList(),
                Map.of(ATTRIBUTE, this));
    }
}
