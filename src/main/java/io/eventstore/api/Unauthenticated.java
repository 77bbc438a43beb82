package io.eventstore.api;

import io.eventstore.auth.ScopePolicy;
import io.eventstore.error.ApiException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Micronaut Security's rejections as JSON:API errors: 401 with {@code WWW-Authenticate: Bearer}
 * (RFC 6750: {@code error="invalid_token"} when a token came and was not accepted). Scopes are
 * checked by {@link EventApi}, which knows what each request does, so a 403 never comes from here in
 * practice; it is still answered properly.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class Unauthenticated implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (unreadable(request)) {
            return respond(ApiException.of(400, "bad_request", "Bad request", "The URL is malformed (invalid percent-encoding)."));
        }
        if (exception.isForbidden()) {
            return respond(ApiException.of(403, "insufficient_scope", "Forbidden", "This token's scopes do not allow this request."));
        }
        boolean tokenSent = request.getHeaders().contains(HttpHeaders.AUTHORIZATION);
        ApiException refusal = tokenSent
                ? ApiException.atHeader(401, "invalid_token", "Unauthorized",
                "The bearer token is not valid: unknown, revoked, expired or malformed.", HttpHeaders.AUTHORIZATION)
                : ApiException.atHeader(401, "unauthorized", "Unauthorized",
                "This API needs an 'Authorization: Bearer <token>' header.", HttpHeaders.AUTHORIZATION);
        String challenge = tokenSent ? ScopePolicy.REALM + ", error=\"invalid_token\"" : ScopePolicy.REALM;
        return respond(refusal.withHeader(HttpHeaders.WWW_AUTHENTICATE, challenge));
    }

    /**
     * A request Micronaut could not read (a malformed percent-encoding, say) reaches the filters as a
     * stand-in for "/" without a single header: the fault is the URL, whatever token came with it.
     */
    private static boolean unreadable(HttpRequest<?> request) {
        return request.getHeaders().names().isEmpty();
    }

    private static MutableHttpResponse<?> respond(ApiException refusal) {
        return JsonApiController.toMicronaut(EventApi.error(refusal));
    }
}
