package io.eventstore.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/**
 * A request with a valid token that matched no controller route (a method such as TRACE) is let
 * through, so that the API answers it (405 with Allow) after charging it; Micronaut Security would
 * otherwise refuse it as forbidden. Requests without a token stay refused (401).
 */
@Singleton
public class AuthenticatedWithoutRoute implements SecurityRule<HttpRequest<?>> {

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
        boolean routed = request != null && RouteAttributes.getRouteMatch(request).isPresent();
        return Publishers.just(authentication != null && request != null && !routed
                ? SecurityRuleResult.ALLOWED : SecurityRuleResult.UNKNOWN);
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }
}
