package io.eventstore.api;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors raised outside the event rules: routing, methods, sizes, unknown parameters. */
class ErrorDocumentTest extends ApiTestBase {

    @Test
    void unknownRoutesAreJsonApi404s() {
        api.get("/").assertError(404, "not_found", null, null);
        api.get("/nothing/here").assertError(404, "not_found", null, null);
        api.get("/events/1/prospect").assertError(404, "not_found", null, null);
        api.get("/prospects/1").assertError(404, "not_found", null, null);
        api.get("/events/1/relationships/nothing").assertError(404, "not_found", null, null);
    }

    @Test
    void wrongMethodsAre405WithAllow() {
        var reply = api.send("DELETE", "/events", Map.of(), null).assertError(405, "method_not_allowed", null, null);
        assertEquals("GET, HEAD, POST", reply.header("Allow"));
        assertEquals("DELETE, GET, HEAD, PATCH", api.send("PUT", "/events/1", Map.of("Content-Type", Api.JSON_API), "{}")
                .assertError(405, null, null, null).header("Allow"));
        assertEquals("GET, HEAD, PATCH", api.send("POST", "/events/1/relationships/prospect", Map.of("Content-Type", Api.JSON_API), "{}")
                .assertError(405, null, null, null).header("Allow"));
    }

    @Test
    void bodiesOverTheLimitAre413() {
        String huge = event("x").attribute("body", "b".repeat(9 * 1024 * 1024)).json();
        api.post("/events", huge).assertError(413, "payload_too_large", null, null);
    }

    @Test
    void oversizeUrlsAndHeadersAreJsonApi413s() {
        api.get(Api.events("filter[name]", "a".repeat(40_000))).assertError(413, "payload_too_large", null, null);
        api.send("GET", "/events", Map.of("X-Big", "b".repeat(20_000)), null).assertError(413, "payload_too_large", null, null);
    }

    @Test
    void malformedPercentEncodingIs400() throws Exception {
        // the JDK client refuses to send such a URL, so this one goes over a plain socket
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.getOutputStream().write(("GET /events?filter%5Bname%5D=%zz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("application/vnd.api+json") && answer.contains("\"status\":\"400\""), answer);
        }
    }

    @Test
    void unknownOrMisplacedParametersAre400() {
        api.get(Api.events("color", "red")).assertError(400, "unknown_parameter", "parameter", "color");
        api.get(Api.events("include", "prospect")).assertError(400, "include_not_supported", "parameter", "include");
        String id = api.create(event("x"));
        api.get("/events/" + id + "?sort=eventAt").assertErrorAtParameter(400, "sort");
        api.get("/events/" + id + "/relationships/prospect?fields%5Bevent%5D=name").assertErrorAtParameter(400, "fields[event]");
        api.post("/events?filter%5Bname%5D=x", event("x").json()).assertErrorAtParameter(400, "filter[name]");
    }
}
