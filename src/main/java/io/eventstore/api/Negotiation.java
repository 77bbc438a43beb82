package io.eventstore.api;

import io.eventstore.error.ApiException;

import java.util.Set;

/** JSON:API content negotiation of one request: what it sends (415) and what it accepts back (406). */
final class Negotiation {

    private Negotiation() {
    }

    /** The stream answers text/event-stream (its refusals are JSON:API error documents all the same). */
    static void checkEventStream(ApiRequest request) {
        if (!MediaTypes.acceptsEventStream(request.accept())) {
            throw ApiException.of(406, "not_acceptable", "Not acceptable",
                    "The stream answers with text/event-stream; send Accept: text/event-stream.");
        }
    }

    static void check(ApiRequest request, boolean batch) {
        check(request, batch, false);
    }

    /** {@code action}: a POST that may send no document at all (then it has no Content-Type to check). */
    static void check(ApiRequest request, boolean batch, boolean action) {
        Set<String> extensions = batch ? Set.of(MediaTypes.ATOMIC) : Set.of();
        if (!MediaTypes.acceptable(request.accept(), extensions)) {
            throw ApiException.of(406, "not_acceptable", "Not acceptable", "This endpoint answers with application/vnd.api+json"
                    + (batch ? " (with or without ext=\"" + MediaTypes.ATOMIC + "\")" : "")
                    + ", with no media type parameter other than profile.");
        }
        if (request.hasBody() && !(action && (request.body() == null || request.body().length == 0))) {
            String problem = MediaTypes.contentTypeProblem(request.contentType(), extensions, batch);
            if (problem != null) {
                throw ApiException.of(415, "unsupported_media_type", "Unsupported media type", problem);
            }
        }
    }
}
