package io.eventstore.jsonapi;

import java.util.List;
import java.util.Map;

/** A request as the edge received it, before any JSON:API rule was applied. */
public record ApiRequest(String method, String path, String baseUrl, String accept, String contentType,
                         String idempotencyKey, Map<String, List<String>> parameters, byte[] body) {

    /** A request of the service to itself (one operation of a batch), already negotiated. */
    public static ApiRequest internal(String method, String path, String baseUrl, byte[] body) {
        return new ApiRequest(method, path, baseUrl, MediaTypes.JSON_API, body == null ? null : MediaTypes.JSON_API,
                null, Map.of(), body);
    }
}
