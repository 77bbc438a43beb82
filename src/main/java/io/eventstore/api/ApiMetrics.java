package io.eventstore.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The service's own meters, in Prometheus at {@code /prometheus} (see docs/api.md, Operations):
 * requests by route template, method and status with a latency histogram, rate-limit refusals,
 * idempotent replays, batch sizes and events ingested. Pool and JVM meters come from Micronaut.
 */
@Singleton
public final class ApiMetrics {

    private final MeterRegistry registry;
    /** One timer per route, method and status, found without building a meter id per request. */
    private final Map<RequestKind, Timer> requests = new ConcurrentHashMap<>();
    private final Counter rateLimited;
    private final Counter replayed;
    private final Counter ingested;
    private final DistributionSummary batchSizes;

    /** Without a registry (micronaut.metrics.enabled=false) the meters record nowhere. */
    ApiMetrics(Optional<MeterRegistry> configured) {
        this.registry = configured.orElseGet(CompositeMeterRegistry::new);
        this.rateLimited = Counter.builder("eventstore.rate.limited")
                .description("Requests refused with 429 because their token's budget was spent").register(registry);
        this.replayed = Counter.builder("eventstore.idempotent.replays")
                .description("Writes answered from a stored answer of an earlier request with the same Idempotency-Key")
                .register(registry);
        this.ingested = Counter.builder("eventstore.events.ingested")
                .description("Events created (single posts and batch adds; replays not counted)").register(registry);
        this.batchSizes = DistributionSummary.builder("eventstore.batch.operations")
                .description("Operations per atomic batch").publishPercentileHistogram()
                .minimumExpectedValue(1.0).maximumExpectedValue(1000.0).register(registry);
    }

    /** One answered request: {@code route} is a template ({@code /events/{id}}), never a raw path. */
    void request(String method, String route, int status, long nanos) {
        requests.computeIfAbsent(new RequestKind(method, route, status), kind -> Timer.builder("http.server.requests")
                .description("Answered HTTP requests by route template, method and status")
                .tag("method", kind.method()).tag("uri", kind.route()).tag("status", Integer.toString(kind.status()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The series of a request: few (routes are templates, unknown paths one series). */
    private record RequestKind(String method, String route, int status) {
    }

    void rateLimited() {
        rateLimited.increment();
    }

    void replayed() {
        replayed.increment();
    }

    void ingested(int events) {
        ingested.increment(events);
    }

    void batch(int operations) {
        batchSizes.record(operations);
    }
}
