package io.eventstore.feed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** The streams on /prometheus: how many are open here and what they hold for their clients. */
@Singleton
@Requires(classes = MeterRegistry.class)
@Requires(bean = MeterRegistry.class)
public class StreamMeters implements MeterBinder {

    // looked up when scraped: the registry is made before the pool, which the hub needs
    private final BeanProvider<StreamHub> hub;

    public StreamMeters(BeanProvider<StreamHub> hub) {
        this.hub = hub;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("eventstore.streams.open", hub, streams -> streams.get().open())
                .description("Event streams open on this instance").register(registry);
        Gauge.builder("eventstore.streams.queued", hub, streams -> streams.get().queuedBytes()).baseUnit("bytes")
                .description("What the open streams hold for clients that have not read it yet (estimated)").register(registry);
    }
}
