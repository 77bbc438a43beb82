package io.eventstore.support;

import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import java.util.UUID;

/** What every HTTP test has: the running server, a client for it and ids no other test uses. */
public abstract class ApiTestBase {

    @Inject
    protected EmbeddedServer server;

    protected Api api;

    @BeforeEach
    protected void connect() {
        api = new Api(server.getURI());
    }

    /** A related id unique to this call, so tests that share the database never see each other's events. */
    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 18);
    }
}
