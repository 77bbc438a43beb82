package io.eventstore.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The service's own meters, in Prometheus at {@code /prometheus} (see docs/api.md, Operations):
 * requests by route template, method and status with a latency histogram, rate-limit refusals,
 * idempotent replays, batch sizes and events ingested. Pool and JVM meters come from Micronaut.
 */
@Singleton
public final class ApiMetrics {

    private final MeterRegistry registry;
    private final Counter rateLimited;
    private final Counter replayed;
    private final Counter ingested;
    private final DistributionSummary batchSizes;

    ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
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
        Timer.builder("http.server.requests")
                .description("Answered HTTP requests by route template, method and status")
                .tag("method", method).tag("uri", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(Duration.ofNanos(nanos));
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
