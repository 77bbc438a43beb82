package io.eventstore.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * The first and last thing every request passes, whoever answers it (the API, Micronaut Security,
 * CORS, the health and metrics endpoints): gives it its {@link RequestId}, and on the way out writes
 * {@code X-Request-Id}, the security headers and its line in the request metrics.
 *
 * <p>Filter methods, not a reactive {@code HttpServerFilter}: Micronaut runs them without wrapping
 * the rest of the chain in a publisher of their own (docs/adr/0004-performance-decisions.md, item 17).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestObservation implements Ordered {

    /** When the request reached this filter (System.nanoTime), for its line in the metrics. */
    private static final String STARTED = "event-store.started";

    private final ApiMetrics metrics;
    private final String strictTransportSecurity;

    RequestObservation(ApiMetrics metrics, @Value("${event-store.strict-transport-security:}") String strictTransportSecurity) {
        this.metrics = metrics;
        this.strictTransportSecurity = strictTransportSecurity.isBlank() ? null : strictTransportSecurity;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    @RequestFilter
    public void arrived(HttpRequest<?> request, MutablePropagatedContext context) {
        request.setAttribute(STARTED, System.nanoTime());
        RequestId id = RequestId.from(request.getHeaders().get(WireHeaders.REQUEST_ID));
        RequestId.attach(request, id);
        context.add(new RequestIdLogging(id)); // the logging's copy, on every thread the request runs on
    }

    @ResponseFilter
    public void answered(HttpRequest<?> request, MutableHttpResponse<?> response) {
        RequestId id = RequestId.of(request);
        headers(request, response, id);
        // a method outside HTTP's own (any token is one on the wire) shares one series
        String method = request.getMethod() == HttpMethod.CUSTOM ? "other" : request.getMethod().name();
        long took = request.getAttribute(STARTED).orElse(null) instanceof Long started ? System.nanoTime() - started : 0;
        metrics.request(method, Route.template(request.getPath()), response.code(), took);
    }

    private void headers(HttpRequest<?> request, MutableHttpResponse<?> response, RequestId id) {
        response.getHeaders().set(WireHeaders.REQUEST_ID, id.value());
        response.getHeaders().set(WireHeaders.X_CONTENT_TYPE_OPTIONS, WireHeaders.NOSNIFF);
        if (request.getHeaders().contains(WireHeaders.AUTHORIZATION)) {
            // an answer to a token is that org's data: no shared or private cache keeps it
            response.getHeaders().set(WireHeaders.CACHE_CONTROL, WireHeaders.NO_STORE);
        }
        if (strictTransportSecurity != null) {
            response.getHeaders().set(WireHeaders.STRICT_TRANSPORT_SECURITY, strictTransportSecurity);
        }
    }
}
