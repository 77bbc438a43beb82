package io.eventstore.db;

import io.eventstore.auth.ApiTokens;
import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Await;
import io.eventstore.support.Reply;
import io.eventstore.support.TcpProxy;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second service reaches the test database through a {@link TcpProxy}; the test cuts it. While the
 * database is gone (down, or silent) every request answers 503 with Retry-After within the pool's
 * bounded wait, token look-ups included; nothing sent meanwhile is stored; once the database is
 * back the service answers again without a restart.
 */
class DatabaseOutageTest extends ApiTestBase {

    /** The pool's wait (3 s) plus the time of the request itself: no request outlasts it. */
    private static final Duration BOUND = Duration.ofSeconds(6);
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:mysql://([^:/]+):(\\d+)(/.*)$");

    @Inject
    Environment environment;

    @Test
    void whileTheDatabaseIsGoneEveryRequestIs503FastAndTheServiceRecovers() throws Exception {
        String url = environment.getProperty("datasources.default.url", String.class).orElseThrow();
        Matcher parts = HOST_PORT.matcher(url);
        assertTrue(parts.matches(), url);
        try (TcpProxy proxy = new TcpProxy(parts.group(1), Integer.parseInt(parts.group(2)));
             EmbeddedServer service = startThrough("jdbc:mysql://127.0.0.1:" + proxy.port() + parts.group(3))) {
            ApiTokens serviceTokens = service.getApplicationContext().getBean(ApiTokens.class);
            Api direct = new Api(service.getURI(), serviceTokens.mint(org, "outage", EnumSet.of(Scope.ALL), null, null).secret());
            String stored = direct.create(event("before_the_outage"));
            String notYetCached = serviceTokens.mint(org, "outage-2", EnumSet.of(Scope.ALL), null, null).secret();

            for (TcpProxy.Mode outage : new TcpProxy.Mode[]{TcpProxy.Mode.REFUSE, TcpProxy.Mode.SILENT}) {
                proxy.set(outage);
                assertUnavailable(() -> direct.get("/events/" + stored), outage + ": a read");
                assertUnavailable(() -> direct.post("/events", event("during_the_outage").json()), outage + ": a write");
                assertUnavailable(() -> direct.as(notYetCached).get("/events"), outage + ": a token looked up");
                assertNotReady(direct.anonymous(), outage);

                proxy.set(TcpProxy.Mode.FORWARD);
                assertEquals(200, awaitAnswer(direct, "/events/" + stored), outage + ": back without a restart");
                assertEquals(200, awaitAnswer(direct.anonymous(), "/health/readiness"), outage + ": ready again");
            }
            assertEquals(0, api.get("/events?filter[name]=during_the_outage").ids().size(), "nothing half-written");
        }
    }

    private static void assertUnavailable(Supplier<Reply> request, String what) {
        long start = System.nanoTime();
        Reply reply = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        reply.assertError(503, "database_unavailable", null, null);
        assertEquals("1", reply.header("Retry-After"), what);
        assertTrue(!reply.json().path("errors").path(0).path("id").asText().isEmpty(), what + ": an opaque id");
        assertTrue(took.compareTo(BOUND) < 0, what + " took " + took);
    }

    /** Readiness is down (503, within the bound) while liveness stays up: an orchestrator stops routing, not restarting. */
    private static void assertNotReady(Api anonymous, TcpProxy.Mode outage) {
        long start = System.nanoTime();
        Reply readiness = anonymous.get("/health/readiness");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(503, readiness.status(), outage + ": " + readiness.text());
        assertEquals("DOWN", readiness.json().path("status").asText(), readiness.text());
        assertTrue(took.compareTo(BOUND) < 0, outage + ": readiness took " + took);
        Reply liveness = anonymous.get("/health");
        assertEquals(200, liveness.status(), outage + ": " + liveness.text());
        assertEquals("UP", liveness.json().path("status").asText());
    }

    /** The first status other than 503 within 15 s. */
    private static int awaitAnswer(Api api, String path) throws Exception {
        return Await.until(Duration.ofSeconds(15), () -> api.get(path).status(), status -> status != 503);
    }

    private EmbeddedServer startThrough(String url) {
        String previous = System.getProperty(DatabaseConfigurer.URL_PROPERTY);
        System.setProperty(DatabaseConfigurer.URL_PROPERTY, url);
        try {
            return ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "datasources.default.username", environment.getProperty("datasources.default.username", String.class).orElse("root"),
                    "datasources.default.password", environment.getProperty("datasources.default.password", String.class).orElse(""),
                    "micronaut.server.port", -1), "test");
        } finally {
            if (previous == null) {
                System.clearProperty(DatabaseConfigurer.URL_PROPERTY);
            } else {
                System.setProperty(DatabaseConfigurer.URL_PROPERTY, previous);
            }
        }
    }
}
