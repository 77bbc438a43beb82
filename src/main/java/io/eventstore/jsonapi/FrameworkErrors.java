package io.eventstore.jsonapi;

import io.eventstore.auth.Unauthenticated;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;

import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * Errors Micronaut raises before a request reaches the gateway (a body over the size limit, a
 * malformed query string, ...), answered as JSON:API error documents like every other error.
 * Unknown routes and methods never get here: the catch-all route hands them to the gateway.
 * (No status-based handlers: Micronaut would apply them to the gateway's own 404 and 405 answers.)
 */
@Controller
public class FrameworkErrors {

    private final JsonApiGateway gateway;
    private final Unauthenticated unauthenticated;

    public FrameworkErrors(JsonApiGateway gateway, Unauthenticated unauthenticated) {
        this.gateway = gateway;
        this.unauthenticated = unauthenticated;
    }

    @Error(global = true, exception = ContentLengthExceededException.class)
    public HttpResponse<byte[]> tooLarge(HttpRequest<?> request, ContentLengthExceededException e) {
        return respond(ApiException.of(413, "payload_too_large", "Payload too large",
                "The request body is larger than the server accepts (micronaut.server.max-request-size)."));
    }

    /** Micronaut Security's rejection (no or bad token): without this, the catch-all below would take it. */
    @Error(global = true, exception = AuthorizationException.class)
    public HttpResponse<?> unauthenticated(HttpRequest<?> request, AuthorizationException e) {
        return unauthenticated.handle(request, e);
    }

    @Error(global = true)
    public HttpResponse<byte[]> any(HttpRequest<?> request, Throwable e) {
        if (e instanceof HttpStatusException status && status.getStatus().getCode() < 500) {
            return respondStatus(status.getStatus().getCode());
        }
        if (e instanceof ConversionErrorException || e instanceof UnsatisfiedRouteException
                || e instanceof IllegalArgumentException || e instanceof URISyntaxException) {
            return respondStatus(400); // a malformed URL (bad percent-encoding, say) or parameter
        }
        return JsonApiController.toMicronaut(gateway.error(500, List.of(ErrorDocuments.internal(e)), Map.of()));
    }

    private HttpResponse<byte[]> respond(ApiException e) {
        return JsonApiController.toMicronaut(gateway.error(e, Map.of()));
    }

    private HttpResponse<byte[]> respondStatus(int status) {
        return JsonApiController.toMicronaut(gateway.error(status, List.of(ErrorDocuments.forStatus(status)), Map.of()));
    }
}
