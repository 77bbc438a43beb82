package io.eventstore.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Micronaut Security hands every bearer token to this validator. A token is looked up by its hash
 * and the answer (found or not) is kept for {@code event-store.auth.cache-ttl} (default 5 s), so a
 * busy client costs one look-up per interval; a revocation therefore takes effect within that
 * interval, an expiry exactly. Look-ups run on the blocking pool, never on the event loop.
 */
@Singleton
public class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {

    private static final int MAX_CACHED = 10_000;

    private record Cached(Optional<Caller> caller, Instant fetchedAt) {
    }

    private final ApiTokens tokens;
    private final ExecutorService blocking;
    private final Clock clock;
    private final Duration ttl;
    // keyed by the hash (compared by content): the heap never holds a token people could lift from a dump
    private final ConcurrentHashMap<ByteBuffer, Cached> cache = new ConcurrentHashMap<>();

    public ApiTokenValidator(ApiTokens tokens, @Named(TaskExecutors.BLOCKING) ExecutorService blocking, Clock clock,
                             @Value("${event-store.auth.cache-ttl:5s}") Duration ttl) {
        this.tokens = tokens;
        this.blocking = blocking;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (!TokenSecrets.wellFormed(token)) {
            return Publishers.empty();
        }
        byte[] hash = TokenSecrets.hash(token);
        Cached cached = ttl.isZero() ? null : cache.get(ByteBuffer.wrap(hash));
        if (cached != null && clock.instant().isBefore(cached.fetchedAt().plus(ttl))) {
            Authentication authentication = live(cached.caller());
            return authentication == null ? Publishers.empty() : Publishers.just(authentication);
        }
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(() -> lookUp(hash), blocking)
                .thenApply(this::live));
    }

    private Optional<Caller> lookUp(byte[] hash) {
        Optional<Caller> caller = tokens.authenticateHash(hash);
        if (!ttl.isZero()) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear(); // crude but bounded: a flood of distinct tokens cannot grow the heap
            }
            cache.put(ByteBuffer.wrap(hash), new Cached(caller, clock.instant()));
        }
        return caller;
    }

    /** The caller's authentication while its token has not expired (a cached answer may outlive the expiry). */
    private Authentication live(Optional<Caller> caller) {
        return caller.filter(c -> !c.expiredAt(clock.instant())).map(Caller::toAuthentication).orElse(null);
    }
}
