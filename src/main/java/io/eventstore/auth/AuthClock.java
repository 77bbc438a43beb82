package io.eventstore.auth;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The clock token expiry and the look-up cache go by (one bean, so tests can move time instead of waiting). */
@Factory
public class AuthClock {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
