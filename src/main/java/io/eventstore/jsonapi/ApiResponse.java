package io.eventstore.jsonapi;

import java.util.Map;

/** What the edge sends back: a status, extra headers and a JSON:API body (or none). */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {
}
