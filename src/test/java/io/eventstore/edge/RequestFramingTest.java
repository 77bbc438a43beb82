package io.eventstore.edge;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.RawHttp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests written byte by byte to the running server, as no HTTP client would send them: the
 * ambiguous framings behind request smuggling, versions and Host rules of HTTP/1.1, and content
 * codings. Each refusal is a JSON:API error and closes the connection; nothing is stored.
 */
class RequestFramingTest extends ApiTestBase {

    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final String EVENT = "{\"data\":{\"type\":\"event\",\"attributes\":{\"name\":\"smuggled\"}}}";

    private RawHttp.Answer exchange(String request) throws IOException {
        try (RawHttp http = RawHttp.connect(server.getURI())) {
            return http.send(request.replace("TOKEN", token)).read(QUIET);
        }
    }

    private static String post(String headers, String body) {
        return "POST /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer TOKEN\r\n"
                + "Content-Type: application/vnd.api+json\r\n" + headers + "\r\n" + body;
    }

    private static void assertRefusedAndClosed(RawHttp.Answer answer, int status, String code) {
        assertEquals(List.of(status), answer.statuses(), answer.text());
        assertTrue(answer.text().contains("\"code\":\"" + code + "\""), answer.text());
        assertEquals("application/vnd.api+json", answer.header("Content-Type"), answer.text());
        assertTrue(answer.closed(), "the connection is closed after a framing error");
    }

    @Test
    void contentLengthWithTransferEncodingIsRefusedAndCannotSmuggleASecondRequest() throws IOException {
        // read as chunked, the body ends at "0"; what follows would be a second request, a POST
        String smuggled = "POST /events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer TOKEN\r\n"
                + "Content-Type: application/vnd.api+json\r\nContent-Length: " + EVENT.length() + "\r\n\r\n" + EVENT;
        String body = "0\r\n\r\n" + smuggled;
        RawHttp.Answer answer = exchange(post("Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n", body));
        assertRefusedAndClosed(answer, 400, "ambiguous_framing");
        assertEquals(0, api.get("/events?filter[name]=smuggled").ids().size(), "no request was smuggled through");
    }

    @Test
    void aTransferEncodingOtherThanChunkedAloneIs501() throws IOException {
        for (String coding : List.of("chunked, identity", "xchunked", "identity", "gzip, chunked")) {
            assertRefusedAndClosed(exchange(post("Transfer-Encoding: " + coding + "\r\n", "0\r\n\r\n")), 501,
                    "transfer_encoding_not_implemented");
        }
    }

    @Test
    void chunkedAloneIsServed() throws IOException {
        String event = EVENT.replace("smuggled", "chunked_ok");
        String chunk = Integer.toHexString(event.length()) + "\r\n" + event + "\r\n0\r\n\r\n";
        RawHttp.Answer answer = exchange(post("Transfer-Encoding: chunked\r\n", chunk));
        assertEquals(List.of(201), answer.statuses(), answer.text());
    }

    @Test
    void http11WithoutExactlyOneHostIs400AndHttp10WithoutHostIsServed() throws IOException {
        assertRefusedAndClosed(exchange("GET /events HTTP/1.1\r\nAuthorization: Bearer TOKEN\r\n\r\n"), 400, "invalid_host");
        assertRefusedAndClosed(exchange("GET /events HTTP/1.1\r\nHost: localhost\r\nHost: other\r\nAuthorization: Bearer TOKEN\r\n\r\n"),
                400, "invalid_host");
        assertEquals(List.of(200), exchange("GET /events HTTP/1.0\r\nAuthorization: Bearer TOKEN\r\n\r\n").statuses());
    }

    @Test
    void anotherHttpVersionOnThisConnectionIs505() throws IOException {
        for (String version : List.of("HTTP/2.0", "HTTP/1.2", "HTTP/3.0")) {
            RawHttp.Answer answer = exchange("GET /events " + version + "\r\nHost: localhost\r\nAuthorization: Bearer TOKEN\r\n\r\n");
            assertRefusedAndClosed(answer, 505, "http_version_not_supported");
            assertTrue(answer.text().startsWith("HTTP/1.1 505"), answer.text());
        }
    }

    @Test
    void gzipBodiesAreReadAndUnknownCodingsAre415() throws IOException {
        try (RawHttp http = RawHttp.connect(server.getURI())) {
            byte[] gzipped = gzip(EVENT.replace("smuggled", "gzipped").getBytes(StandardCharsets.UTF_8));
            http.send(post("Content-Encoding: gzip\r\nContent-Length: " + gzipped.length + "\r\n", "").replace("TOKEN", token));
            http.send(gzipped);
            assertEquals(List.of(201), http.read(Duration.ofSeconds(2)).statuses());
        }
        assertEquals(1, api.get("/events?filter[name]=gzipped").ids().size());
        RawHttp.Answer brotli = exchange(post("Content-Encoding: br\r\nContent-Length: 4\r\n", "abcd"));
        assertRefusedAndClosed(brotli, 415, "unsupported_content_encoding");
        assertEquals("gzip, deflate", brotli.header("Accept-Encoding"));
    }

    @Test
    void aGzipBombIsCutAtTheBodyLimit() throws IOException {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]); // 64 MiB of zeros in about 64 KiB
        try (RawHttp http = RawHttp.connect(server.getURI())) {
            http.send(post("Content-Encoding: gzip\r\nContent-Length: " + bomb.length + "\r\n", "").replace("TOKEN", token));
            http.send(bomb);
            List<Integer> statuses = http.read(Duration.ofSeconds(5)).statuses();
            assertEquals(List.of(413), statuses);
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
