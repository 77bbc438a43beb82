package io.eventstore.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.micronaut.security.token.TokenAuthenticationFetcher;
import io.micronaut.security.token.bearer.BearerTokenReader;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * How Micronaut Security learns who calls: the bearer token of the {@code Authorization} header, read
 * by Micronaut's own {@link BearerTokenReader}, checked by {@link ApiTokenValidator}. It takes the place
 * of Micronaut's {@link TokenAuthenticationFetcher}, which does the same through a list of readers
 * and validators in nested publishers and, for every request, resolves the request's host and locale
 * to publish a TokenValidatedEvent nothing here listens to: together a tenth of a by-id read's CPU on
 * the event loop (docs/adr/0004-performance-decisions.md, item 17).
 */
@Singleton
@Replaces(TokenAuthenticationFetcher.class)
public class BearerAuthentication implements AuthenticationFetcher<HttpRequest<?>> {

    private final BearerTokenReader reader;
    private final ApiTokenValidator validator;

    BearerAuthentication(BearerTokenReader reader, ApiTokenValidator validator) {
        this.reader = reader;
        this.validator = validator;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        return reader.findToken(request)
                .map(token -> validator.validateToken(token, request))
                .orElseGet(Publishers::empty);
    }

    @Override
    public int getOrder() {
        return TokenAuthenticationFetcher.ORDER;
    }
}
