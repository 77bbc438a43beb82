package io.eventstore.ops;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import io.micronaut.management.endpoint.annotation.Selector;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import org.reactivestreams.Publisher;

import java.security.Principal;

/**
 * Micronaut's health endpoint with two changes: {@code GET /health} is liveness (the process
 * answers; a database outage must not make an orchestrator restart every instance), and
 * {@code /health/readiness} is where the database counts. Its routes also produce {@code *}{@code /*}
 * explicitly, so that they, not the API's catch-all route, answer a prober's {@code Accept: *}{@code /*}.
 */
@Endpoint(id = HealthEndpoint.NAME, defaultSensitive = false)
@Replaces(HealthEndpoint.class)
public class Health extends HealthEndpoint {

    Health(HealthAggregator<HealthResult> aggregator, HealthIndicator[] indicators, @Liveness HealthIndicator[] liveness) {
        super(aggregator, indicators, liveness);
    }

    @Override
    @Read(produces = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public Publisher<HealthResult> getHealth(@Nullable Principal principal) {
        return super.getHealth(principal, HealthCheckType.LIVENESS);
    }

    @Override
    @Read(produces = {MediaType.APPLICATION_JSON, MediaType.ALL})
    public Publisher<HealthResult> getHealth(@Nullable Principal principal, @Selector HealthCheckType selector) {
        return super.getHealth(principal, selector);
    }

    /** With *}{@code /* among the produced types Micronaut labels the answer with it: say JSON. */
    @Filter({"/health", "/health/**"})
    static class JsonLabel implements HttpServerFilter {
        @Override
        public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
            return Publishers.map(chain.proceed(request), response -> {
                if (response.body() instanceof HealthResult) {
                    response.contentType(MediaType.APPLICATION_JSON_TYPE);
                }
                return response;
            });
        }
    }
}
