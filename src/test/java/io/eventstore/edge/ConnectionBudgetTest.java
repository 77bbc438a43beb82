package io.eventstore.edge;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Await;
import io.eventstore.support.RawHttp;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection budget, on real sockets: a client over its limit is refused at once (503, closed)
 * while another client is served; connections that send nothing, trickle a request head, or sit
 * idle after an answer are closed within the configured time.
 */
@MicronautTest(transactional = false)
@Property(name = "event-store.edge.max-connections-per-address", value = "20")
@Property(name = "event-store.edge.request-head-timeout", value = "1s")
class ConnectionBudgetTest extends ApiTestBase {

    private static final Duration SLACK = Duration.ofMillis(1500);

    @Test
    void aClientOverItsLimitIsRefusedWhileAnotherIsServed() throws Exception {
        InetAddress other = InetAddress.getByName("127.0.0.2");
        List<RawHttp> opened = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) { // all within the head timeout (1 s): nothing closes them meanwhile
                opened.add(RawHttp.connect(server.getURI()));
            }
            // the server takes the connections on several event loops, in any order: count, don't pick
            int refused = 0;
            for (RawHttp connection : opened) {
                RawHttp.Answer answer = connection.read(Duration.ofMillis(50));
                if (!answer.statuses().isEmpty()) {
                    assertEquals(List.of(503), answer.statuses(), answer.text());
                    assertEquals("1", answer.header("Retry-After"));
                    assertTrue(answer.text().contains("\"code\":\"too_many_connections\""), answer.text());
                    assertTrue(answer.closed());
                    refused++;
                }
            }
            assertEquals(5, refused, "the 5 over the limit of 20");
            try (RawHttp another = RawHttp.connect(server.getURI(), other)) {
                another.send("GET /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n");
                assertEquals(List.of(200), another.read(Duration.ofMillis(500)).statuses(), "another client is served");
            }
        } finally {
            for (RawHttp connection : opened) {
                connection.close();
            }
        }
        // the server counts the closes on its event loops, a moment later: until then a new one may be refused
        List<Integer> statuses = Await.until(Duration.ofSeconds(5), () -> {
            try (RawHttp again = RawHttp.connect(server.getURI())) {
                again.send("GET /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n");
                return again.read(Duration.ofMillis(300)).statuses();
            }
        }, List.of(200)::equals);
        assertEquals(List.of(200), statuses, "closed connections give the budget back");
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithinTheHeadTimeout() throws IOException {
        try (RawHttp silent = RawHttp.connect(server.getURI())) {
            Duration closedAfter = silent.timeUntilClosed(Duration.ofSeconds(10));
            assertNotNull(closedAfter, "closed");
            assertTrue(closedAfter.compareTo(SLACK) < 0, "closed after " + closedAfter);
        }
    }

    @Test
    void aTricklingRequestHeadIsClosedWithinTheHeadTimeout() throws Exception {
        try (RawHttp slow = RawHttp.connect(server.getURI())) {
            String head = "GET /events HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    slow.send(i < head.length() ? head.substring(i, i + 1) : "a");
                } catch (IOException reset) {
                    closed = true;
                    break;
                }
                closed = !slow.isOpenAfter(Duration.ofMillis(100));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(closed, "a head trickled for " + took + " is still open");
            assertTrue(took.compareTo(SLACK) < 0, "closed after " + took);
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheHeadTimeoutWithoutANextRequest() throws IOException {
        try (RawHttp idle = RawHttp.connect(server.getURI())) {
            idle.send("GET /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n");
            RawHttp.Answer first = idle.read(Duration.ofMillis(300));
            assertEquals(List.of(200), first.statuses());
            assertTrue(!first.closed(), "kept alive after the answer");
            assertNull(first.header("Keep-Alive"), "a 1 s timeout leaves no whole second to promise");
            Duration closedAfter = idle.timeUntilClosed(Duration.ofSeconds(10));
            assertNotNull(closedAfter);
            assertTrue(closedAfter.compareTo(SLACK) < 0, "closed after " + closedAfter);
        }
    }

    @Test
    void aRequestInProgressIsNotCutByTheHeadTimeout() throws IOException {
        try (RawHttp patient = RawHttp.connect(server.getURI())) {
            String body = "{\"data\":{\"type\":\"event\",\"attributes\":{\"name\":\"slow_body\"}}}";
            patient.send("POST /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/vnd.api+json\r\nContent-Length: " + body.length() + "\r\n\r\n");
            assertNull(patient.timeUntilClosed(Duration.ofMillis(1800)), "the head arrived: the body may take its time");
            patient.send(body);
            assertEquals(List.of(201), patient.read(Duration.ofMillis(500)).statuses());
        }
    }
}
