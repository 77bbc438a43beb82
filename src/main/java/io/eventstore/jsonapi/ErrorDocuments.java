package io.eventstore.jsonapi;

import io.crnk.core.engine.document.ErrorData;
import io.crnk.core.engine.document.ErrorDataBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The one place where refusals and faults become JSON:API error objects, whether crnk, our own
 * edge or Micronaut raised them. Details are our own sentences: never an exception message of a
 * library, SQL text or a class name.
 */
public final class ErrorDocuments {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorDocuments.class);

    private ErrorDocuments() {
    }

    public static ErrorData from(ApiException e) {
        ErrorDataBuilder builder = ErrorData.builder()
                .setStatus(Integer.toString(e.status()))
                .setCode(e.code())
                .setTitle(e.title())
                .setDetail(e.detail());
        if (e.pointer() != null) {
            builder.setSourcePointer(e.pointer());
        }
        if (e.parameter() != null) {
            builder.setSourceParameter(e.parameter());
        }
        if (!e.meta().isEmpty()) {
            builder.setMeta(e.meta());
        }
        return builder.build();
    }

    /** A generic error for a status, used where the cause carries nothing the client may see. */
    public static ErrorData forStatus(int status) {
        return from(ApiException.of(status, codeFor(status), titleFor(status), detailFor(status)));
    }

    /** A fault of ours: logged with an opaque id that the client gets too, nothing else leaks. */
    public static ErrorData internal(Throwable cause) {
        String id = UUID.randomUUID().toString();
        LOG.error("internal error {}", id, cause);
        return ErrorData.builder()
                .setId(id)
                .setStatus("500")
                .setCode("internal_error")
                .setTitle("Internal server error")
                .setDetail("The server failed to answer this request; quote the error id when you report it.")
                .build();
    }

    static String codeFor(int status) {
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

    static String titleFor(int status) {
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

    static String detailFor(int status) {
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
