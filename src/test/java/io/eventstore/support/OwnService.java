package io.eventstore.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.HashMap;
import java.util.Map;

/** A second service of the test JVM with settings of its own, on the test database the shared one uses. */
public final class OwnService {

    private OwnService() {
    }

    public static EmbeddedServer start(Environment shared, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(databaseOf(shared));
        all.put("micronaut.server.port", -1);
        all.putAll(settings);
        return ApplicationContext.run(EmbeddedServer.class, all, "test");
    }

    /** The database settings of a running service, as a deployment gives them. */
    public static Map<String, String> databaseOf(Environment shared) {
        return Map.of(
                "datasources.default.url", shared.getProperty("datasources.default.url", String.class).orElseThrow(),
                "datasources.default.username", shared.getProperty("datasources.default.username", String.class).orElse("root"),
                "datasources.default.password", shared.getProperty("datasources.default.password", String.class).orElse(""));
    }
}
