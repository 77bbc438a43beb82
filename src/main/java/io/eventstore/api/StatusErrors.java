package io.eventstore.api;

import io.eventstore.error.ApiException;

/** The generic refusal of a status, where the cause carries nothing the client may see. */
final class StatusErrors {

    private StatusErrors() {
    }

    static ApiException of(int status) {
        return ApiException.of(status, code(status), title(status), detail(status));
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 422 -> "unprocessable_entity";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "client_error";
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 409 -> "Conflict";
            case 413 -> "Payload too large";
            case 415 -> "Unsupported media type";
            case 422 -> "Unprocessable entity";
            case 429 -> "Too many requests";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Internal server error" : "Client error";
        };
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 401 -> "This API needs an 'Authorization: Bearer <token>' header with a valid token.";
            case 403 -> "The request is not allowed.";
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "The server can only answer with application/vnd.api+json.";
            case 409 -> "The request conflicts with the state of the resource.";
            case 413 -> "The request (its body, URL or headers) is larger than the server accepts.";
            case 415 -> "Requests with a body must be sent as application/vnd.api+json.";
            case 422 -> "The document breaks a rule of this resource.";
            case 429 -> "This token has spent its request budget; retry later.";
            case 503 -> "The service cannot answer right now; try again later.";
            default -> status >= 500 ? "The server failed to answer this request." : "The request was refused.";
        };
    }
}
