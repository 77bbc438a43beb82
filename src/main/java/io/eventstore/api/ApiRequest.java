package io.eventstore.api;

import io.micronaut.http.HttpMethod;

import java.util.List;
import java.util.Map;

/**
 * A request as the edge received it, before any JSON:API rule was applied: its id, the method (HEAD is
 * served as GET without a body), path, the base of the links it gets back, the headers that matter,
 * the query parameters and the body.
 */
record ApiRequest(RequestId requestId, HttpMethod method, String path, String baseUrl, String accept, String contentType,
                  String idempotencyKey, String lastEventId, Map<String, List<String>> parameters, byte[] body) {

    /** POST and PATCH carry a document; the other methods' bodies are ignored. */
    boolean hasBody() {
        return method == HttpMethod.POST || method == HttpMethod.PATCH;
    }
}
