package io.eventstore.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;

import java.util.EnumSet;
import java.util.Set;

/**
 * Methods no controller route takes (TRACE, CONNECT, made-up ones) go the way of every request,
 * after authentication and the rate limit: to {@link EventApi}, which answers 405 with the route's
 * {@code Allow} (or 404 where there is no route). Without this Micronaut would find no route and
 * the request would end as a 403 before it is charged.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class UnroutedMethods implements Ordered {

    /** The methods {@link JsonApiController} has routes for. */
    static final Set<HttpMethod> ROUTED = EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PATCH,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS);

    private final JsonApiController controller;

    UnroutedMethods(JsonApiController controller) {
        this.controller = controller;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after() + 1; // after RateLimitFilter: the request is charged
    }

    /** Null to go on to the route; the API's answer for a method no route takes. */
    @RequestFilter
    public @Nullable MutableHttpResponse<?> unrouted(HttpRequest<?> request) {
        if (ROUTED.contains(request.getMethod()) || request.getUserPrincipal(Authentication.class).isEmpty()) {
            return null;
        }
        return controller.handle(request, null);
    }
}
