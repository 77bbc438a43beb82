package io.eventstore.api;

import io.eventstore.feed.StreamHub;
import io.eventstore.ingest.Idempotency;
import io.micronaut.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * The names of the headers every request reads and every answer writes, and their fixed values, as
 * Netty's {@link AsciiString}. Netty hashes a header's name on every get and set, case-insensitively;
 * an AsciiString keeps its hash and is checked and encoded as bytes, while a String is walked char by
 * char each time. With ten headers an answer, String names took 8% of a read by id's samples
 * (docs/benchmarks.md#header-names-as-bytes).
 */
final class WireHeaders {

    static final AsciiString ACCEPT = AsciiString.cached(HttpHeaders.ACCEPT);
    static final AsciiString AUTHORIZATION = AsciiString.cached(HttpHeaders.AUTHORIZATION);
    static final AsciiString CACHE_CONTROL = AsciiString.cached(HttpHeaders.CACHE_CONTROL);
    static final AsciiString CONTENT_LENGTH = AsciiString.cached(HttpHeaders.CONTENT_LENGTH);
    static final AsciiString CONTENT_TYPE = AsciiString.cached(HttpHeaders.CONTENT_TYPE);
    static final AsciiString IDEMPOTENCY_KEY = AsciiString.cached(Idempotency.HEADER);
    static final AsciiString LAST_EVENT_ID = AsciiString.cached(StreamHub.LAST_EVENT_ID);
    static final AsciiString RATE_LIMIT_LIMIT = AsciiString.cached("X-RateLimit-Limit");
    static final AsciiString RATE_LIMIT_REMAINING = AsciiString.cached("X-RateLimit-Remaining");
    static final AsciiString RATE_LIMIT_RESET = AsciiString.cached("X-RateLimit-Reset");
    static final AsciiString REQUEST_ID = AsciiString.cached(RequestId.HEADER);
    static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("Strict-Transport-Security");
    static final AsciiString VARY = AsciiString.cached(HttpHeaders.VARY);
    static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("X-Content-Type-Options");

    static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
    static final AsciiString NO_STORE = AsciiString.cached("no-store");
    private static final AsciiString JSON_API = AsciiString.cached(MediaTypes.JSON_API);

    private WireHeaders() {
    }

    /** An answer's media type as its Content-Type: JSON:API's own, most of the time, kept as bytes. */
    static CharSequence contentType(String mediaType) {
        return MediaTypes.JSON_API.equals(mediaType) ? JSON_API : mediaType;
    }
}
