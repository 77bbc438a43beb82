package io.eventstore.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import org.reactivestreams.Publisher;
import org.slf4j.MDC;

/**
 * The first and last thing every request passes, whoever answers it (the API, Micronaut Security,
 * CORS, the health and metrics endpoints): gives it its {@link RequestId}, and on the way out writes
 * {@code X-Request-Id}, the security headers and its line in the request metrics.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class RequestObservation implements HttpServerFilter {

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

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        long started = System.nanoTime();
        RequestId id = RequestId.from(request.getHeaders().get(RequestId.HEADER));
        RequestId.attach(request, id);
        MDC.put(RequestId.MDC_KEY, id.value()); // for the lines logged on this thread; the API sets it on its own
        try {
            return Publishers.map(chain.proceed(request), response -> {
                headers(request, response, id);
                // a method outside HTTP's own (any token is one on the wire) shares one series
                String method = request.getMethod() == HttpMethod.CUSTOM ? "other" : request.getMethod().name();
                metrics.request(method, Route.template(request.getPath()), response.code(), System.nanoTime() - started);
                return response;
            });
        } finally {
            MDC.remove(RequestId.MDC_KEY);
        }
    }

    private void headers(HttpRequest<?> request, MutableHttpResponse<?> response, RequestId id) {
        response.getHeaders().set(RequestId.HEADER, id.value());
        response.getHeaders().set("X-Content-Type-Options", "nosniff");
        if (request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
            // an answer to a token is that org's data: no shared or private cache keeps it
            response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        if (strictTransportSecurity != null) {
            response.getHeaders().set("Strict-Transport-Security", strictTransportSecurity);
        }
    }
}
