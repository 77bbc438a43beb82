package io.eventstore.time;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one clock of the service: event timestamps, idempotency expiry, token expiry, ids and rate
 * limits all go by it, so tests move time instead of waiting (they replace this bean).
 */
@Factory
public class ServiceClock {

    @Singleton
    Clock clock() {
        return system();
    }

    /** The clock itself, for the one tool that runs without the application context (a fast revoke). */
    public static Clock system() {
        return Clock.systemUTC();
    }
}
