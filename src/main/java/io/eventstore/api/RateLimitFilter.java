package io.eventstore.api;

import io.eventstore.auth.Caller;
import io.eventstore.auth.RateLimiter;
import io.eventstore.auth.TokenBucket;
import io.eventstore.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;

import java.util.Optional;

/**
 * Charges every authenticated request to its token's budget (after Micronaut Security has said who
 * the caller is), writes the X-RateLimit-* headers on the answer, and answers 429 with
 * {@code Retry-After} once the budget is spent.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RateLimitFilter implements Ordered {

    /** The charge's decision, kept for the headers of the answer. */
    private static final String DECISION = "event-store.rate-limit";

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

    /** Null to go on; the 429 when the budget is spent. */
    @RequestFilter
    public @Nullable MutableHttpResponse<?> charge(HttpRequest<?> request) {
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        if (authentication.isEmpty()) {
            return null; // Micronaut Security answers 401 before this runs
        }
        TokenBucket.Decision decision = limiter.take(Caller.of(authentication.get()));
        request.setAttribute(DECISION, decision);
        if (!decision.allowed()) {
            metrics.rateLimited();
            // set here: Micronaut does not run this filter's own @ResponseFilter on the answer it returns
            return withHeaders(tooMany(decision), decision);
        }
        return null;
    }

    @ResponseFilter
    public void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getAttribute(DECISION).orElse(null) instanceof TokenBucket.Decision decision) {
            withHeaders(response, decision);
        }
    }

    private static MutableHttpResponse<?> withHeaders(MutableHttpResponse<?> response, TokenBucket.Decision decision) {
        response.getHeaders().set(WireHeaders.RATE_LIMIT_LIMIT, Long.toString(decision.limit()));
        response.getHeaders().set(WireHeaders.RATE_LIMIT_REMAINING, Long.toString(decision.remaining()));
        response.getHeaders().set(WireHeaders.RATE_LIMIT_RESET, Long.toString(decision.resetEpochSeconds()));
        return response;
    }

    private MutableHttpResponse<?> tooMany(TokenBucket.Decision decision) {
        ApiException refusal = ApiException.of(429, "rate_limited", "Too many requests",
                "This token has spent its budget of " + decision.limit() + " requests; retry after "
                        + decision.retryAfterSeconds() + " s.");
        return JsonApiController.toMicronaut(EventApi.error(refusal.withHeader("Retry-After",
                Long.toString(decision.retryAfterSeconds()))));
    }
}
