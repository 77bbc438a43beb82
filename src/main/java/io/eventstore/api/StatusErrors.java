package io.eventstore.api;

import io.eventstore.error.ApiException;

import java.util.Map;

/** The generic refusal of a status, where the cause carries nothing the client may see. */
final class StatusErrors {

    private record Wording(String code, String title, String detail) {
    }

    private static final Map<Integer, Wording> BY_STATUS = Map.ofEntries(
            Map.entry(400, new Wording("bad_request", "Bad request", "The request is malformed.")),
            Map.entry(401, new Wording("unauthorized", "Unauthorized",
                    "This API needs an 'Authorization: Bearer <token>' header with a valid token.")),
            Map.entry(403, new Wording("forbidden", "Forbidden", "The request is not allowed.")),
            Map.entry(404, new Wording("not_found", "Not found", "No such resource.")),
            Map.entry(405, new Wording("method_not_allowed", "Method not allowed", "This method is not allowed on this resource.")),
            Map.entry(406, new Wording("not_acceptable", "Not acceptable", "The server can only answer with application/vnd.api+json.")),
            Map.entry(409, new Wording("conflict", "Conflict", "The request conflicts with the state of the resource.")),
            Map.entry(413, new Wording("payload_too_large", "Payload too large",
                    "The request (its body, URL or headers) is larger than the server accepts.")),
            Map.entry(415, new Wording("unsupported_media_type", "Unsupported media type",
                    "Requests with a body must be sent as application/vnd.api+json.")),
            Map.entry(422, new Wording("unprocessable_entity", "Unprocessable entity", "The document breaks a rule of this resource.")),
            Map.entry(429, new Wording("rate_limited", "Too many requests", "This token has spent its request budget; retry later.")),
            Map.entry(503, new Wording("unavailable", "Service unavailable", "The service cannot answer right now; try again later.")));
    private static final Wording CLIENT = new Wording("client_error", "Client error", "The request was refused.");
    private static final Wording SERVER = new Wording("internal_error", "Internal server error", "The server failed to answer this request.");

    private StatusErrors() {
    }

    static ApiException of(int status) {
        Wording wording = BY_STATUS.getOrDefault(status, status >= 500 ? SERVER : CLIENT);
        return ApiException.of(status, wording.code(), wording.title(), wording.detail());
    }
}
