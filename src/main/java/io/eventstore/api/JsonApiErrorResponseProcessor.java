package io.eventstore.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Errors Micronaut answers on its own, before any route runs (a request line or headers over the
 * limits, say), written as JSON:API error documents instead of Micronaut's JSON shape.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class) // Micronaut's own JSON error bodies
public class JsonApiErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        int status = response.status().getCode();
        ApiResponse document = status >= 500
                ? Faults.answer(RequestId.of(errorContext.getRequest()), errorContext.getRootCause().orElse(null))
                : ApiResponse.document(status, DocumentWriter.error(StatusErrors.of(status)));
        response.status(document.status());
        document.headers().forEach(response.getHeaders()::set);
        MutableHttpResponse<byte[]> answer = response.body(document.body());
        answer.getHeaders().set(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON_API);
        answer.getHeaders().set(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        return answer;
    }
}
