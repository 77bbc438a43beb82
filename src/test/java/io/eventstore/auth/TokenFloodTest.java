package io.eventstore.auth;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.RawHttp;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of made-up tokens: each address may cost the database only so many failed look-ups
 * (then 429, its valid cached tokens unaffected, other addresses unaffected), a repeated unknown
 * token is looked up once, and the unknown tokens never push a valid one out of the cache.
 */
@MicronautTest(transactional = false)
@Property(name = "event-store.auth.cache-ttl", value = "1h")
@Property(name = "event-store.auth.cache-size", value = "20")
@Property(name = "event-store.auth.failed-lookups.budget", value = "30")
@Property(name = "event-store.auth.failed-lookups.period", value = "1h")
class TokenFloodTest extends ApiTestBase {

    private int get(String address, String bearer) throws Exception {
        try (RawHttp http = RawHttp.connect(server.getURI(), InetAddress.getByName(address))) {
            RawHttp.Answer answer = http.send("GET /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + bearer
                    + "\r\nConnection: close\r\n\r\n").read(Duration.ofSeconds(2));
            return answer.statuses().get(0);
        }
    }

    private static String madeUp(int i) {
        return "evs_" + String.format("%043d", i);
    }

    @Test
    void failedLookUpsAreLimitedPerAddressAndNeverEvictAValidToken() throws Exception {
        ApiTokens.Minted valid = tokens.mint(org, "valid", EnumSet.of(Scope.READ), null, null);
        assertEquals(200, get("127.0.0.5", valid.secret()));
        tokens.revoke(org, valid.token().id()); // from now on only the cache can let it in

        for (int i = 0; i < 30; i++) {
            assertEquals(401, get("127.0.0.5", madeUp(i)), "failed look-up " + i);
        }
        try (RawHttp http = RawHttp.connect(server.getURI(), InetAddress.getByName("127.0.0.5"))) {
            RawHttp.Answer throttled = http.send("GET /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + madeUp(30) + "\r\nConnection: close\r\n\r\n").read(Duration.ofSeconds(2));
            assertEquals(List.of(429), throttled.statuses(), throttled.text());
            assertTrue(throttled.text().contains("\"code\":\"too_many_failed_authentications\""), throttled.text());
            assertNotNull(throttled.header("Retry-After"));
        }
        assertEquals(200, get("127.0.0.5", valid.secret()),
                "the valid token is still cached after 30 unknown ones in a cache of 20");
        assertEquals(401, get("127.0.0.6", madeUp(31)), "another address still gets its look-ups");
    }

    @Test
    void aRepeatedUnknownTokenIsLookedUpOnce() throws Exception {
        for (int i = 0; i < 40; i++) {
            assertEquals(401, get("127.0.0.7", madeUp(1000)), "attempt " + i + " of one unknown token");
        }
    }
}
