package io.eventstore.api;

import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the edge sends back: a status, extra headers and a body (or none) in {@code contentType}. */
record ApiResponse(int status, Map<String, String> headers, String contentType, byte[] body,
                   Publisher<Event<String>> events, Publisher<byte[]> chunks) {

    ApiResponse(int status, Map<String, String> headers, String contentType, byte[] body) {
        this(status, headers, contentType, body, null, null);
    }

    /** A body of unknown length in {@code contentType}, written piece by piece as the client reads it. */
    static ApiResponse chunked(String contentType, Map<String, String> headers, Publisher<byte[]> chunks) {
        return new ApiResponse(200, headers, contentType, null, null, chunks);
    }

    /** A stream of Server-Sent Events, written as the client reads them. */
    static ApiResponse eventStream(Publisher<Event<String>> events) {
        return new ApiResponse(200, Map.of("X-Accel-Buffering", "no"), MediaTypes.EVENT_STREAM, null, events, null);
    }

    static ApiResponse document(int status, byte[] body) {
        return new ApiResponse(status, Map.of(), MediaTypes.JSON_API, body);
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), null, null);
    }

    ApiResponse withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new ApiResponse(status, all, contentType, body, events, chunks);
    }
}
