package io.eventstore.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens, Authorization headers and payloads never reach the logs, even with the service's and
 * Micronaut's loggers at DEBUG and with a request that fails inside the server (logged as an error).
 */
class NoSecretsInLogsTest extends ApiTestBase {

    private static final List<String> VERBOSE = List.of("io.eventstore", "io.micronaut.http", "io.micronaut.security",
            "io.micronaut.web", "io.micronaut.data");

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeEach
    void captureEverything() {
        captured.start();
        root().addAppender(captured);
        VERBOSE.forEach(name -> logger(name).setLevel(Level.DEBUG));
    }

    @AfterEach
    void stopCapturing() {
        root().detachAppender(captured);
        VERBOSE.forEach(name -> logger(name).setLevel(null));
    }

    @Test
    void secretsAndPayloadsAreNeverLogged() {
        String payloadMarker = "payload-secret-" + uniqueId("m");
        String refusedToken = TokenSecrets.generate();
        String limitedToken = tokens.mint(org, "limited", EnumSet.of(Scope.READ), null, 1).secret();

        api.create(event("logged").payload("{\"note\":\"" + payloadMarker + "\"}"));
        api.post("/events", event("invalid").payload("{\"note\":\"" + payloadMarker + "\",\"n\":[" + "[".repeat(40) + "]".repeat(40) + "]}").json())
                .assertStatus(400);
        api.as(refusedToken).get("/events").assertStatus(401);
        api.as(limitedToken).delete("/events/1").assertStatus(403);
        api.as(limitedToken).get("/events").assertStatus(429);
        api.send("POST", "/events", Map.of("Content-Type", Api.JSON_API, "Idempotency-Key", "explode-" + uniqueId("k")),
                event("doomed").payload("{\"note\":\"" + payloadMarker + "\"}").json()).assertError(500, "internal_error", null, null);

        List<ILoggingEvent> logged;
        synchronized (captured) { // background threads (the sequencer, the webhook workers) log meanwhile
            logged = new java.util.ArrayList<>(captured.list);
        }
        assertTrue(logged.stream().anyMatch(e -> e.getLevel() == Level.ERROR), "the 500 was logged, so logs were captured");
        for (ILoggingEvent event : logged) {
            String text = event.getFormattedMessage() + " " + throwableText(event.getThrowableProxy());
            for (String secret : List.of(token, refusedToken, limitedToken, payloadMarker, "Bearer ")) {
                assertFalse(text.contains(secret), "a log line holds a secret (" + secret + "): " + text);
            }
        }
    }

    private static String throwableText(IThrowableProxy proxy) {
        return proxy == null ? "" : ThrowableProxyUtil.asString(proxy);
    }

    private static Logger root() {
        return logger(Logger.ROOT_LOGGER_NAME);
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }
}
