package io.eventstore.api;

import io.eventstore.error.ApiException;
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

/**
 * Errors Micronaut raises before a request reaches {@link EventApi} (a body over the size limit, a
 * malformed query string, ...), answered as JSON:API error documents like every other error. Only
 * Micronaut's own refusals of a request are 4xx; any other exception is a fault of ours (500 with a
 * logged id, or 503 when the database cannot serve), an IllegalArgumentException included.
 */
@Controller
public class FrameworkErrors {

    private final Unauthenticated unauthenticated;

    FrameworkErrors(Unauthenticated unauthenticated) {
        this.unauthenticated = unauthenticated;
    }

    @Error(global = true, exception = ContentLengthExceededException.class)
    public HttpResponse<?> tooLarge(HttpRequest<?> request, ContentLengthExceededException e) {
        return respond(ApiException.of(413, "payload_too_large", "Payload too large",
                "The request body is larger than the server accepts (micronaut.server.max-request-size)."));
    }

    /** Micronaut Security's rejection (no or bad token): without this, the catch-all below would take it. */
    @Error(global = true, exception = AuthorizationException.class)
    public HttpResponse<?> unauthenticated(HttpRequest<?> request, AuthorizationException e) {
        return unauthenticated.handle(request, e);
    }

    @Error(global = true)
    public HttpResponse<?> any(HttpRequest<?> request, Throwable e) {
        if (e instanceof ApiException refusal) {
            return respond(refusal); // a refusal before the API ran (too many failed token look-ups, say)
        }
        if (e instanceof HttpStatusException status && status.getStatus().getCode() < 500) {
            return respond(StatusErrors.of(status.getStatus().getCode()));
        }
        if (e instanceof ConversionErrorException || e instanceof UnsatisfiedRouteException || e instanceof URISyntaxException
                || e.getCause() instanceof URISyntaxException || decodingTheRequest(e)) {
            return respond(StatusErrors.of(400)); // a malformed URL (bad percent-encoding, say) or parameter
        }
        return JsonApiController.toMicronaut(Faults.answer(RequestId.of(request), e));
    }

    /**
     * An IllegalArgumentException that Netty's or Micronaut's HTTP decoding threw (a broken
     * percent-escape in the URL, say) is the client's fault; one thrown anywhere else is ours.
     */
    static boolean decodingTheRequest(Throwable e) {
        if (!(e instanceof IllegalArgumentException) || e.getStackTrace().length == 0) {
            return false;
        }
        String thrower = e.getStackTrace()[0].getClassName();
        return thrower.startsWith("io.netty.handler.codec.http.") || thrower.startsWith("io.micronaut.http.")
                || thrower.startsWith("java.net.URLDecoder") || thrower.startsWith("java.net.URI");
    }

    private static HttpResponse<?> respond(ApiException e) {
        return JsonApiController.toMicronaut(EventApi.error(e));
    }
}
