package io.eventstore.auth;

import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** On a database without a usable token every request gets 401: say when the server starts how to mint the first one. */
@Singleton
public class FirstTokenHint {

    private static final Logger LOG = LoggerFactory.getLogger(FirstTokenHint.class);

    private final ApiTokens tokens;

    public FirstTokenHint(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        if (!tokens.anyUsable()) {
            LOG.warn("""
                    No API token exists yet, so every request will be answered 401. Mint a first one (shown once) with:
                        ./mvnw -q -DskipTests package
                        java -jar target/event-store-0.1.0.jar admin token create --org default --scopes events.all --name first""");
        }
    }
}
