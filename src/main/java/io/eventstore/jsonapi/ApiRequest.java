package io.eventstore.jsonapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** A request as the edge received it, before any JSON:API rule was applied. */
public record ApiRequest(String method, String path, String baseUrl, String accept, String contentType,
                         String idempotencyKey, Map<String, List<String>> parameters, byte[] body, JsonNode document) {

    public ApiRequest(String method, String path, String baseUrl, String accept, String contentType,
                      String idempotencyKey, Map<String, List<String>> parameters, byte[] body) {
        this(method, path, baseUrl, accept, contentType, idempotencyKey, parameters, body, null);
    }

    /** POST and PATCH carry a document; the other methods' bodies are ignored. */
    public boolean hasBody() {
        return method.equals("POST") || method.equals("PATCH");
    }

    /**
     * A request of the service to itself (one operation of a batch), already negotiated, with its
     * document already parsed.
     */
    public static ApiRequest internal(String method, String path, String baseUrl, JsonNode document) {
        return new ApiRequest(method, path, baseUrl, MediaTypes.JSON_API, document == null ? null : MediaTypes.JSON_API,
                null, Map.of(), null, document);
    }

    /** A request of the service to itself: an operation of a batch, its document already parsed. */
    public boolean isInternal() {
        return document != null;
    }

    /** The body as bytes: as received, or written from the document of an internal request. */
    public byte[] bodyBytes() {
        return body != null || document == null ? body : StrictJson.write(document);
    }
}
