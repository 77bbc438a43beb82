package io.eventstore.api;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.RawHttp;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Links and Location come from an accepted Host only (by default the loopback names, any port);
 * forwarded headers count only from a trusted proxy (none here); an idempotent answer keeps no
 * host, so its replay links to the host of the replay.
 */
class HostTest extends ApiTestBase {

    private static final String EVENT = "{\"data\":{\"type\":\"event\",\"attributes\":{\"name\":\"NAME\"}}}";

    @Inject
    Store store;

    RawHttp.Answer send(String method, String path, String headers, String body) throws Exception {
        try (RawHttp http = RawHttp.connect(server.getURI())) {
            String bytes = method + " " + path + " HTTP/1.1\r\n" + headers + "Authorization: Bearer " + token
                    + "\r\nConnection: close\r\n" + (body == null ? "\r\n"
                    : "Content-Type: application/vnd.api+json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            return http.send(bytes).read(Duration.ofSeconds(3));
        }
    }

    @Test
    void aHostThatIsNotAcceptedIs400AndStoresNothing() throws Exception {
        RawHttp.Answer answer = send("POST", "/events", "Host: evil.example\r\n", EVENT.replace("NAME", "from_evil"));
        assertEquals(List.of(400), answer.statuses(), answer.text());
        assertTrue(answer.text().contains("\"code\":\"invalid_host\""), answer.text());
        assertTrue(answer.text().contains("\"header\":\"Host\""), answer.text());
        assertEquals(0, api.get("/events?filter[name]=from_evil").ids().size());
    }

    @Test
    void linksUseTheAcceptedHostWithItsPortAndIgnoreForwardedHeadersFromAnyone() throws Exception {
        RawHttp.Answer answer = send("GET", "/events?page[size]=1", "Host: 127.0.0.1:4321\r\nX-Forwarded-Host: evil.example\r\n"
                + "Forwarded: host=evil.example;proto=https\r\n", null);
        assertEquals(List.of(200), answer.statuses(), answer.text());
        assertTrue(answer.text().contains("\"self\":\"http://127.0.0.1:4321/events?page%5Bsize%5D=1\""), answer.text());
        assertFalse(answer.text().contains("evil"), answer.text());
    }

    @Test
    void aReplayLinksToTheHostOfTheReplayAndTheStoredAnswerKeepsNoHost() throws Exception {
        String key = uniqueId("host");
        String body = EVENT.replace("NAME", "keyed_host");
        RawHttp.Answer first = send("POST", "/events", "Host: localhost:1111\r\nIdempotency-Key: " + key + "\r\n", body);
        assertEquals(List.of(201), first.statuses(), first.text());
        assertTrue(first.header("Location").startsWith("http://localhost:1111/events/"), first.text());

        RawHttp.Answer replay = send("POST", "/events", "Host: 127.0.0.1:2222\r\nIdempotency-Key: " + key + "\r\n", body);
        assertEquals(List.of(201), replay.statuses(), replay.text());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        String id = first.header("Location").substring("http://localhost:1111/events/".length());
        assertEquals("http://127.0.0.1:2222/events/" + id, replay.header("Location"));
        assertTrue(replay.text().contains("\"self\":\"http://127.0.0.1:2222/events/" + id + "\""), replay.text());
        assertFalse(replay.text().contains("1111"), replay.text());

        String stored = store.text("SELECT CONCAT(location, ' ', CAST(response AS CHAR)) FROM idempotency_key"
                + " WHERE org_id = ? AND idem_key = '" + key + "'", org);
        assertFalse(stored.contains("localhost") || stored.contains("1111"), "no host kept: " + stored);
    }
}
