package io.eventstore.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/** Webhook attempts on /prometheus: {@code eventstore.webhook.attempts} by outcome, with their latency. */
@Singleton
public class DeliveryMeters {

    private final Counter succeeded;
    private final Counter failed;
    private final Timer latency;

    public DeliveryMeters(BeanProvider<MeterRegistry> registries) {
        Optional<MeterRegistry> registry = registries.isPresent() ? Optional.of(registries.get()) : Optional.empty();
        this.succeeded = registry.map(r -> Counter.builder("eventstore.webhook.attempts").tag("outcome", "succeeded")
                .description("Webhook delivery attempts made by this instance").register(r)).orElse(null);
        this.failed = registry.map(r -> Counter.builder("eventstore.webhook.attempts").tag("outcome", "failed")
                .description("Webhook delivery attempts made by this instance").register(r)).orElse(null);
        this.latency = registry.map(r -> Timer.builder("eventstore.webhook.attempt.duration")
                .description("How long webhook delivery attempts took, to the receiver's status").register(r)).orElse(null);
    }

    void attempted(boolean success, long millis) {
        if (latency == null) {
            return;
        }
        (success ? succeeded : failed).increment();
        latency.record(Duration.ofMillis(millis));
    }
}
