package io.eventstore.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who is asking: the org a request acts in, the token it came with and that token's scopes. Set
 * for the thread that serves the request, so that every statement below can name the org without
 * passing it through crnk.
 */
public record Caller(long org, long tokenId, Set<Scope> scopes, @Nullable Integer rateLimit, @Nullable Instant expiresAt) {

    static final String ATTRIBUTE = "caller";
    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

    /** The caller of the request this thread serves; there is none outside a request (fail closed). */
    public static Caller current() {
        Caller caller = CURRENT.get();
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this thread");
        }
        return caller;
    }

    public static Caller of(Authentication authentication) {
        if (authentication.getAttributes().get(ATTRIBUTE) instanceof Caller caller) {
            return caller;
        }
        throw new IllegalStateException("authentication without a caller");
    }

    /** Runs {@code work} as this caller. */
    public <T> T act(Supplier<T> work) {
        Caller previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ALL);
    }

    Authentication toAuthentication() {
        return Authentication.build("token:" + tokenId, scopes.stream().map(Scope::wireName).toList(),
                Map.of(ATTRIBUTE, this));
    }
}
