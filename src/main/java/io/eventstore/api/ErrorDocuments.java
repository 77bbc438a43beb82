package io.eventstore.api;

import io.eventstore.error.ApiException;

/** Error documents for the few answers written below Micronaut, by the connection's own handlers. */
public final class ErrorDocuments {

    public static final String MEDIA_TYPE = MediaTypes.JSON_API;

    private ErrorDocuments() {
    }

    public static byte[] of(ApiException refusal) {
        return DocumentWriter.error(refusal);
    }
}
