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

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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

    private record Cached(Optional<Caller> caller, long fetchedAt) {
    }

    private final ApiTokens tokens;
    private final ExecutorService blocking;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiTokenValidator(ApiTokens tokens, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                             @Value("${event-store.auth.cache-ttl:5s}") Duration ttl) {
        this.tokens = tokens;
        this.blocking = blocking;
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (!TokenSecrets.wellFormed(token)) {
            return Publishers.empty();
        }
        // keyed by the hash: the heap never holds a token people could lift from a dump
        String key = Base64.getEncoder().encodeToString(TokenSecrets.hash(token));
        Cached cached = ttlNanos > 0 ? cache.get(key) : null;
        if (cached != null && System.nanoTime() - cached.fetchedAt() < ttlNanos) {
            return answer(cached.caller());
        }
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(() -> lookUp(key), blocking)
                .thenApply(caller -> caller.filter(c -> !c.expiredAt(Instant.now())).map(Caller::toAuthentication).orElse(null)));
    }

    private Optional<Caller> lookUp(String key) {
        Optional<Caller> caller = tokens.authenticateHash(Base64.getDecoder().decode(key));
        if (ttlNanos > 0) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear(); // crude but bounded: a flood of distinct tokens cannot grow the heap
            }
            cache.put(key, new Cached(caller, System.nanoTime()));
        }
        return caller;
    }

    private static Publisher<Authentication> answer(Optional<Caller> caller) {
        return caller.filter(c -> !c.expiredAt(Instant.now()))
                .map(c -> Publishers.just(c.toAuthentication()))
                .orElseGet(Publishers::empty);
    }
}
