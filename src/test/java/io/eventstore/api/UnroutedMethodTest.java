package io.eventstore.api;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.RawHttp;
import org.junit.jupiter.api.Test;

import io.eventstore.auth.Scope;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TRACE, CONNECT and made-up methods are answered like any method a route does not serve: 405 with
 * the route's Allow (404 where there is no route), charged to the token's budget with its
 * X-RateLimit headers; without a token, 401.
 */
class UnroutedMethodTest extends ApiTestBase {

    private RawHttp.Answer send(String method, String path, boolean withToken) throws Exception {
        return send(method, path, withToken ? token : null);
    }

    private RawHttp.Answer send(String method, String path, String bearer) throws Exception {
        try (RawHttp http = RawHttp.connect(server.getURI())) {
            return http.send(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + (bearer != null ? "Authorization: Bearer " + bearer + "\r\n" : "") + "Connection: close\r\n\r\n")
                    .read(Duration.ofSeconds(2));
        }
    }

    @Test
    void traceConnectAndMadeUpMethodsAre405WithAllowAndAreCharged() throws Exception {
        // a budget of 10 an hour: it refills too slowly to hide a charge
        String small = tokens.mint(org, "small", EnumSet.of(Scope.ALL), null, 10).secret();
        long remaining = Long.MAX_VALUE;
        for (String method : List.of("TRACE", "CONNECT", "FOO", "PROPFIND")) {
            RawHttp.Answer answer = send(method, "/events", small);
            assertEquals(List.of(405), answer.statuses(), method + ": " + answer.text());
            assertEquals("GET, HEAD, POST", answer.header("Allow"), method);
            assertTrue(answer.text().contains("\"code\":\"method_not_allowed\""), answer.text());
            assertNotNull(answer.header("X-RateLimit-Remaining"), method + " is charged");
            long now = Long.parseLong(answer.header("X-RateLimit-Remaining"));
            assertTrue(now < remaining, "the budget goes down: " + now);
            remaining = now;
        }
        assertEquals("DELETE, GET, HEAD, PATCH",
                send("TRACE", "/events/1", true).header("Allow"));
        assertEquals(List.of(404), send("TRACE", "/nowhere", true).statuses());
    }

    @Test
    void withoutATokenTheyAre401() throws Exception {
        RawHttp.Answer answer = send("TRACE", "/events", false);
        assertEquals(List.of(401), answer.statuses(), answer.text());
        assertNotNull(answer.header("WWW-Authenticate"));
    }
}
