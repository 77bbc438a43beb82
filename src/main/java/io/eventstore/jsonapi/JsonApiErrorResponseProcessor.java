package io.eventstore.jsonapi;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Errors Micronaut answers on its own, before any route runs (a request line or headers over the
 * limits, say), written as JSON:API error documents instead of Micronaut's JSON shape.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
public class JsonApiErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    private final JsonApiGateway gateway;

    public JsonApiErrorResponseProcessor(JsonApiGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        int status = response.status().getCode();
        ApiResponse error = gateway.error(status, List.of(status >= 500
                ? ErrorDocuments.internal(errorContext.getRootCause().orElse(null))
                : ErrorDocuments.forStatus(status)), Map.of());
        MutableHttpResponse<byte[]> answer = response.body(error.body());
        answer.getHeaders().set(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON_API);
        answer.getHeaders().set(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        return answer;
    }
}
