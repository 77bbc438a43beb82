package io.eventstore.edge;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.RawHttp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Answers that keep their connection tell the client how long an idle one stays open
 * ({@code Keep-Alive: timeout=9} with the default request-head timeout of 10 s), so that a client
 * which honours it never sends a request on a connection the service is closing; answers that close
 * their connection say nothing of the kind.
 */
class KeepAliveHintTest extends ApiTestBase {

    private static final Duration QUIET = Duration.ofMillis(500);

    @Test
    void theHintIsOneWholeSecondUnderTheTimeout() {
        assertEquals("timeout=9", RequestHeadTimeout.keepAlive(Duration.ofSeconds(10)));
        assertEquals("timeout=9", RequestHeadTimeout.keepAlive(Duration.ofMillis(10_900)));
        assertEquals("timeout=1", RequestHeadTimeout.keepAlive(Duration.ofSeconds(2)));
        assertNull(RequestHeadTimeout.keepAlive(Duration.ofMillis(1_999)), "no whole second to promise");
        assertNull(RequestHeadTimeout.keepAlive(Duration.ofSeconds(1)));
    }

    @Test
    void answersOnAKeptConnectionCarryTheHintErrorsToo() throws IOException {
        try (RawHttp http = RawHttp.connect(server.getURI())) {
            RawHttp.Answer listing = http.send("GET /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .read(QUIET);
            assertEquals(List.of(200), listing.statuses());
            assertEquals("timeout=9", listing.header("Keep-Alive"));
            assertFalse(listing.closed());

            RawHttp.Answer refused = http.send("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n").read(QUIET);
            assertEquals(List.of(401), refused.statuses(), refused.text());
            assertEquals("timeout=9", refused.header("Keep-Alive"));
            assertFalse(refused.closed(), "the same connection goes on");
        }
    }

    @Test
    void answersThatCloseTheirConnectionCarryNoHint() throws IOException {
        try (RawHttp http = RawHttp.connect(server.getURI())) {
            RawHttp.Answer answer = http.send("GET /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").read(QUIET);
            assertEquals(List.of(200), answer.statuses());
            assertNull(answer.header("Keep-Alive"), answer.text());
            assertTrue(answer.closed());
        }
        try (RawHttp http = RawHttp.connect(server.getURI())) {
            RawHttp.Answer answer = http.send("GET /events HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .read(QUIET);
            assertEquals(List.of(200), answer.statuses());
            assertNull(answer.header("Keep-Alive"), "HTTP/1.0 without keep-alive: " + answer.text());
            assertTrue(answer.closed());
        }
        try (RawHttp http = RawHttp.connect(server.getURI())) {
            RawHttp.Answer answer = http.send("GET /events HTTP/1.1\r\n\r\n").read(QUIET); // no Host: 400, closed
            assertEquals(List.of(400), answer.statuses());
            assertNull(answer.header("Keep-Alive"), answer.text());
            assertTrue(answer.closed());
        }
    }
}
