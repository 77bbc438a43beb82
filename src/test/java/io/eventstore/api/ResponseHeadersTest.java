package io.eventstore.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import io.eventstore.support.OwnService;
import io.micronaut.context.env.Environment;
import jakarta.inject.Inject;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every answer, whoever wrote it, carries its request id and the security headers. */
class ResponseHeadersTest extends ApiTestBase {

    @Inject
    Environment environment;

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void aSaneRequestIdIsEchoedAndAnyOtherIsReplacedByANewOne() {
        assertEquals("trace-42.a:b_c", api.withHeader("X-Request-Id", "trace-42.a:b_c").get("/events").assertStatus(200)
                .header("X-Request-Id"));
        for (String insane : new String[]{"has space", "x".repeat(129), "semi;colon", ""}) {
            String answered = api.withHeader("X-Request-Id", insane).get("/events").assertStatus(200).header("X-Request-Id");
            assertTrue(answered.matches(UUID), insane + " -> " + answered);
        }
        String first = api.get("/events").header("X-Request-Id");
        String second = api.get("/events").header("X-Request-Id");
        assertTrue(first.matches(UUID), first);
        assertNotEquals(first, second, "a new id per request");
    }

    @Test
    void everyKindOfAnswerCarriesTheHeaders() {
        String id = api.create(event("headers_checked"));
        Reply[] answers = {
                api.get("/events/" + id),                              // 200 from the API
                api.get("/nothing-here"),                              // 404 from the API
                api.anonymous().get("/events"),                        // 401 from Micronaut Security
                api.send("TRACE", "/events", Map.of(), null),          // 405 for a method no route has
                api.anonymous().get("/health"),                        // the health endpoint
        };
        for (Reply answer : answers) {
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), answer.status() + " " + answer.text());
            assertTrue(answer.header("X-Request-Id").matches(UUID), answer.status() + " " + answer.text());
            assertNull(answer.header("Strict-Transport-Security"), "none unless configured");
        }
        assertEquals("no-store", answers[0].header("Cache-Control"), "an org's data is never cached");
        assertEquals("no-store", answers[1].header("Cache-Control"));
    }

    @Test
    void theOpaqueIdOfA500IsTheRequestIdAndItsLogLinesCarryIt() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        String requestId = "incident-" + uniqueId("r");
        try {
            Reply reply = api.send("POST", "/events", Map.of("Content-Type", Api.JSON_API, "Idempotency-Key", "explode-" + uniqueId("k"),
                    "X-Request-Id", requestId), event("doomed").json()).assertError(500, "internal_error", null, null);
            assertEquals(requestId, reply.header("X-Request-Id"));
            assertEquals(requestId, reply.json().path("errors").path(0).path("id").asText());
        } finally {
            root.detachAppender(captured);
        }
        ILoggingEvent logged = captured.list.stream()
                .filter(line -> line.getFormattedMessage().contains("internal error")).findFirst().orElseThrow();
        assertEquals(requestId, logged.getMDCPropertyMap().get(RequestId.MDC_KEY), "the log line names the request");
        assertTrue(logged.getFormattedMessage().contains(requestId));
    }

    @Test
    void strictTransportSecurityIsSentWhereConfigured() {
        try (EmbeddedServer behindTls = OwnService.start(environment,
                Map.of("event-store.strict-transport-security", "max-age=31536000; includeSubDomains"))) {
            Reply reply = new Api(behindTls.getURI(), token).anonymous().get("/events");
            assertEquals(401, reply.status());
            assertEquals("max-age=31536000; includeSubDomains", reply.header("Strict-Transport-Security"));
        }
    }
}
