package io.eventstore.api;

import io.eventstore.support.RawHttp;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behind a trusted proxy (here: the loopback address the tests connect from), its forwarded host and scheme make the links. */
@MicronautTest(transactional = false)
@Property(name = "event-store.trusted-proxies", value = "127.0.0.0/8")
@Property(name = "event-store.allowed-hosts", value = "localhost,127.0.0.1,api.example.com")
class TrustedProxyTest extends HostTest {

    @Test
    void forwardedHostAndSchemeFromATrustedProxyMakeTheLinks() throws Exception {
        RawHttp.Answer forwarded = send("GET", "/events?page[size]=1", "Host: localhost\r\n"
                + "Forwarded: for=192.0.2.1;host=api.example.com;proto=https\r\n", null);
        assertTrue(forwarded.text().contains("\"self\":\"https://api.example.com/events?page%5Bsize%5D=1\""), forwarded.text());
        RawHttp.Answer xForwarded = send("GET", "/events?page[size]=1", "Host: localhost\r\n"
                + "X-Forwarded-Host: api.example.com\r\nX-Forwarded-Proto: https\r\n", null);
        assertTrue(xForwarded.text().contains("\"self\":\"https://api.example.com/events?page%5Bsize%5D=1\""), xForwarded.text());
    }

    @Test
    void aForwardedHostThatIsNotAcceptedIs400() throws Exception {
        RawHttp.Answer answer = send("GET", "/events", "Host: localhost\r\nX-Forwarded-Host: evil.example\r\n", null);
        assertEquals(List.of(400), answer.statuses(), answer.text());
        assertTrue(answer.text().contains("\"header\":\"X-Forwarded-Host\""), answer.text());
    }

    @Override
    void linksUseTheAcceptedHostWithItsPortAndIgnoreForwardedHeadersFromAnyone() {
        // behind a trusted proxy the forwarded headers do count: see the tests above
    }
}
