package io.eventstore.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Errors Micronaut answers on its own, before any route runs (a request line or headers over the
 * limits, say), written as JSON:API error documents instead of Micronaut's JSON shape.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
public class JsonApiErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        int status = response.status().getCode();
        if (status >= 500) {
            Throwable cause = errorContext.getRootCause().orElse(null);
            ApiResponse fault = Faults.answer(cause);
            response.status(fault.status());
            fault.headers().forEach(response.getHeaders()::set);
            MutableHttpResponse<byte[]> answer = response.body(fault.body());
            answer.getHeaders().set(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON_API);
            answer.getHeaders().set(HttpHeaders.VARY, HttpHeaders.ACCEPT);
            return answer;
        }
        MutableHttpResponse<byte[]> answer = response.body(DocumentWriter.error(StatusErrors.of(status)));
        answer.getHeaders().set(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON_API);
        answer.getHeaders().set(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        return answer;
    }
}
