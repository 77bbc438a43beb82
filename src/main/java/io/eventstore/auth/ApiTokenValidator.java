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

import io.eventstore.error.ApiException;

import java.net.InetAddress;
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
 * and the answer is kept for {@code event-store.auth.cache-ttl} (default 5 s), so a busy client
 * costs one look-up per interval; a revocation therefore takes effect within that interval, an
 * expiry exactly. Found and unknown tokens are kept apart, each bounded: a flood of made-up tokens
 * fills only the cache of unknown ones and never evicts a valid token; and each address may spend
 * only so many failed look-ups ({@link FailedLookups}) before its uncached tokens are refused
 * without one. Look-ups run on the blocking pool, never on the event loop.
 */
@Singleton
public class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {

    /** A look-up's answer; the authentication is built once per look-up, not per request. */
    private record Cached(Optional<Caller> caller, Authentication authentication, Instant fetchedAt) {
        Cached(Optional<Caller> caller, Instant fetchedAt) {
            this(caller, caller.map(Caller::toAuthentication).orElse(null), fetchedAt);
        }
    }

    private final ApiTokens tokens;
    private final FailedLookups failedLookups;
    private final ExecutorService blocking;
    private final Clock clock;
    private final Duration ttl;
    private final int maxCached;
    // keyed by the hash (compared by content): the heap never holds a token people could lift from a dump
    private final ConcurrentHashMap<ByteBuffer, Cached> found = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteBuffer, Cached> unknown = new ConcurrentHashMap<>();

    public ApiTokenValidator(ApiTokens tokens, FailedLookups failedLookups,
                             @Named(TaskExecutors.BLOCKING) ExecutorService blocking, Clock clock,
                             @Value("${event-store.auth.cache-ttl:5s}") Duration ttl,
                             @Value("${event-store.auth.cache-size:10000}") int maxCached) {
        this.tokens = tokens;
        this.failedLookups = failedLookups;
        this.blocking = blocking;
        this.clock = clock;
        this.ttl = ttl;
        this.maxCached = maxCached;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (!TokenSecrets.wellFormed(token)) {
            return Publishers.empty();
        }
        ByteBuffer hash = ByteBuffer.wrap(TokenSecrets.hash(token));
        Cached cached = fresh(found.get(hash));
        if (cached == null) {
            cached = fresh(unknown.get(hash));
        }
        if (cached != null) {
            Authentication authentication = live(cached);
            return authentication == null ? Publishers.empty() : Publishers.just(authentication);
        }
        InetAddress address = request.getRemoteAddress().getAddress();
        try {
            failedLookups.checkAllowed(address);
        } catch (ApiException throttled) {
            return Publishers.just((Throwable) throttled); // an error publisher: answered 429 by FrameworkErrors
        }
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(() -> lookUp(hash, address), blocking)
                .thenApply(this::live));
    }

    private Cached fresh(Cached cached) {
        return cached != null && clock.instant().isBefore(cached.fetchedAt().plus(ttl)) ? cached : null;
    }

    private Cached lookUp(ByteBuffer hash, InetAddress address) {
        Optional<Caller> caller = tokens.authenticateHash(hash.array());
        if (caller.isEmpty() || caller.get().expiredAt(clock.instant())) {
            failedLookups.failed(address);
        }
        Cached answer = new Cached(caller, clock.instant());
        if (!ttl.isZero()) {
            ConcurrentHashMap<ByteBuffer, Cached> cache = caller.isPresent() ? found : unknown;
            if (cache.size() >= maxCached) {
                cache.clear(); // bounded; and a flood of unknown tokens clears only the unknown ones
            }
            cache.put(hash, answer);
        }
        return answer;
    }

    /** The caller's authentication while its token has not expired (a cached answer may outlive the expiry). */
    private Authentication live(Cached answer) {
        return answer.caller().filter(c -> !c.expiredAt(clock.instant())).isPresent() ? answer.authentication() : null;
    }
}
