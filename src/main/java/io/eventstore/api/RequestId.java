package io.eventstore.api;

import io.micronaut.http.HttpRequest;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id of one request: the client's {@code X-Request-Id} when it is a sane token (1-128 letters,
 * digits and {@code -_.:}), a new UUID otherwise. Answered in {@code X-Request-Id}, written in every
 * log line of the request and used as the opaque id of a 500.
 */
public record RequestId(String value) {

    public static final String HEADER = "X-Request-Id";
    /** Where the edge keeps the id for the parts of Micronaut that answer without our controller. */
    static final String ATTRIBUTE = "event-store.request-id";
    /** The logging's copy of the id (logback's %X{requestId}); the code passes the id itself. */
    public static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public static RequestId from(String header) {
        return header != null && SANE.matcher(header).matches() ? new RequestId(header) : generate();
    }

    /**
     * A random (version 4) UUID from the thread's own generator: an id must be unique, not secret (it
     * is answered to the client), and {@link UUID#randomUUID()} takes a lock around SecureRandom.
     */
    public static RequestId generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new RequestId(new UUID(high, low).toString());
    }

    /** The id the edge gave this request, or a new one for a request that never passed it. */
    public static RequestId of(HttpRequest<?> request) {
        return request == null ? generate()
                : request.getAttribute(ATTRIBUTE, RequestId.class).orElseGet(RequestId::generate);
    }

    static void attach(HttpRequest<?> request, RequestId id) {
        request.setAttribute(ATTRIBUTE, id);
    }

    @Override
    public String toString() {
        return value;
    }
}
