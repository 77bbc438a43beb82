package io.eventstore.api;

import io.eventstore.auth.Caller;
import io.eventstore.auth.RateLimiter;
import io.eventstore.auth.TokenBucket;
import io.eventstore.error.ApiException;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import org.reactivestreams.Publisher;

import java.util.Optional;

/**
 * Charges every authenticated request to its token's budget (after Micronaut Security has said who
 * the caller is), writes the X-RateLimit-* headers on the answer, and answers 429 with
 * {@code Retry-After} once the budget is spent.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class RateLimitFilter implements HttpServerFilter {

    private final RateLimiter limiter;
    private final ApiMetrics metrics;

    public RateLimitFilter(RateLimiter limiter, ApiMetrics metrics) {
        this.limiter = limiter;
        this.metrics = metrics;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        if (authentication.isEmpty()) {
            return chain.proceed(request); // Micronaut Security answers 401 before this runs
        }
        TokenBucket.Decision decision = limiter.take(Caller.of(authentication.get()));
        if (!decision.allowed()) {
            metrics.rateLimited();
            return Publishers.just(withHeaders(tooMany(decision), decision));
        }
        return Publishers.map(chain.proceed(request), response -> withHeaders(response, decision));
    }

    private MutableHttpResponse<?> tooMany(TokenBucket.Decision decision) {
        ApiException refusal = ApiException.of(429, "rate_limited", "Too many requests",
                "This token has spent its budget of " + decision.limit() + " requests; retry after "
                        + decision.retryAfterSeconds() + " s.");
        return JsonApiController.toMicronaut(EventApi.error(refusal.withHeader("Retry-After",
                Long.toString(decision.retryAfterSeconds()))));
    }

    private static MutableHttpResponse<?> withHeaders(MutableHttpResponse<?> response, TokenBucket.Decision decision) {
        response.getHeaders().set("X-RateLimit-Limit", Long.toString(decision.limit()));
        response.getHeaders().set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        response.getHeaders().set("X-RateLimit-Reset", Long.toString(decision.resetEpochSeconds()));
        return response;
    }
}
