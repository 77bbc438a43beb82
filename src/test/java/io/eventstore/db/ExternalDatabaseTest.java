package io.eventstore.db;

import io.eventstore.auth.ApiTokens;
import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With {@code datasources.default.url} set (as {@code DATASOURCES_DEFAULT_URL} does), the service
 * uses that server and database, migrates it, and stores events there.
 */
class ExternalDatabaseTest {

    @Test
    void aConfiguredDatabaseIsUsedAndMigrated() throws Exception {
        String url;
        String user;
        String password;
        try (ApplicationContext probe = ApplicationContext.run()) {
            url = probe.getProperty("datasources.default.url", String.class).orElseThrow();
            user = probe.getProperty("datasources.default.username", String.class).orElse("root");
            password = probe.getProperty("datasources.default.password", String.class).orElse("");
        }
        // the same server, another database: what an operator's DATASOURCES_DEFAULT_URL would name
        String external = url.replaceFirst("/([A-Za-z0-9_]+)(\\?|$)", "/external_check$2")
                + (url.contains("?") ? "&" : "?") + "createDatabaseIfNotExist=true";
        String previous = System.getProperty(DatabaseConfigurer.URL_PROPERTY);
        System.setProperty(DatabaseConfigurer.URL_PROPERTY, external);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                java.util.Map.of("datasources.default.username", user, "datasources.default.password", password,
                        "micronaut.server.port", -1))) {
            String token = server.getApplicationContext().getBean(ApiTokens.class)
                    .mint(1, "external", EnumSet.of(Scope.ALL), null, null).secret();
            Api api = new Api(server.getURI(), token);
            String id = api.create(event("stored_externally"));
            try (Connection connection = DriverManager.getConnection(external, user, password);
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT DATABASE(), (SELECT name FROM event WHERE id = " + Long.parseLong(id) + ")")) {
                rs.next();
                assertEquals("external_check", rs.getString(1));
                assertEquals("stored_externally", rs.getString(2));
            }
        } finally {
            if (previous == null) {
                System.clearProperty(DatabaseConfigurer.URL_PROPERTY);
            } else {
                System.setProperty(DatabaseConfigurer.URL_PROPERTY, previous);
            }
        }
    }
}
