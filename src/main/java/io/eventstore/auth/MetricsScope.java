package io.eventstore.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Who may read a sensitive management endpoint (the only one enabled is {@code /prometheus}): its
 * metrics span every org, so a token needs the {@code metrics.read} scope ({@code events.all} does
 * not include it). Without a token 401, with another token 403, both as JSON:API errors.
 */
@Singleton
@Replaces(SensitiveEndpointRule.class)
public class MetricsScope extends SensitiveEndpointRule {

    MetricsScope(EndpointSensitivityProcessor endpointSensitivityProcessor) {
        super(endpointSensitivityProcessor);
    }

    @Override
    @NonNull
    protected Publisher<SecurityRuleResult> checkSensitiveAuthenticated(@NonNull HttpRequest<?> request,
                                                                        @NonNull Authentication authentication,
                                                                        @NonNull ExecutableMethod<?, ?> method) {
        return Publishers.just(Caller.of(authentication).may(Scope.METRICS) ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }
}
