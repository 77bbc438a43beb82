package io.eventstore.api;

import io.micronaut.http.HttpRequest;

import java.util.UUID;
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

    public static RequestId generate() {
        return new RequestId(UUID.randomUUID().toString());
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
