package io.eventstore.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.configuration.metrics.micrometer.prometheus.management.PrometheusEndpoint;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;

/**
 * {@code GET /prometheus}: every meter in Prometheus' text format, for a token with the
 * {@code metrics.read} scope (see auth/MetricsScope). Micronaut's own endpoint, except that it
 * also produces {@code *}{@code /*} explicitly, so that a scraper's {@code Accept: *}{@code /*}
 * reaches it rather than the API's catch-all route.
 */
@Endpoint(id = "prometheus", defaultSensitive = true)
@Replaces(PrometheusEndpoint.class)
public class Metrics {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    Metrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Read(produces = {PROMETHEUS_TEXT, MediaType.ALL})
    public HttpResponse<String> scrape() {
        // the type said here: with */* among the produced types Micronaut would answer */* itself
        return HttpResponse.ok(registry.scrape()).contentType(PROMETHEUS_TEXT);
    }
}
