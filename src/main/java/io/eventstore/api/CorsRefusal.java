package io.eventstore.api;

import io.eventstore.error.ApiException;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.server.cors.CorsFilter;
import io.micronaut.context.annotation.Value;
import org.reactivestreams.Publisher;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Browser origins: a request from an origin that is neither allowed (EVENT_STORE_CORS_ALLOWED_ORIGINS)
 * nor the service's own is refused here with a JSON:API error naming the {@code Origin} header and
 * the setting, before anything runs (Micronaut's CORS filter would run it and only leave out the
 * CORS headers, or refuse it with an empty 403). Allowed origins go on to Micronaut's CORS filter,
 * which answers their preflights before authentication; an empty 403 of its own (a method or
 * header not allowed) becomes a JSON:API error too.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class CorsRefusal implements HttpServerFilter {

    private final Set<String> allowedOrigins;
    private final PublicBase publicBase;

    CorsRefusal(@Value("${micronaut.server.cors.configurations.browsers.allowed-origins:none}") List<String> allowedOrigins,
                PublicBase publicBase) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.publicBase = publicBase;
    }

    @Override
    public int getOrder() {
        return CorsFilter.CORS_FILTER_ORDER - 1;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null) {
            return chain.proceed(request);
        }
        if (!allowedOrigins.contains(origin) && !origin.equals(ownOrigin(request))) {
            return Publishers.just(refusal(origin));
        }
        return Publishers.map(chain.proceed(request), response -> {
            if (response.code() != 403 || response.getBody().isPresent()) {
                return response; // allowed, or refused by the API itself (a scope, say) with its own document
            }
            return refusal(origin);
        });
    }

    private static MutableHttpResponse<?> refusal(String origin) {
        ApiException refusal = ApiException.atHeader(403, "origin_not_allowed", "Forbidden",
                "Browser requests from the origin " + sanitized(origin) + " are not allowed here; the operator lists the"
                        + " origins of browser front ends in EVENT_STORE_CORS_ALLOWED_ORIGINS.", HttpHeaders.ORIGIN);
        MutableHttpResponse<Object> answer = JsonApiController.toMicronaut(EventApi.error(refusal));
        answer.getHeaders().add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        return answer;
    }

    /** The origin of the service as this request reached it, or null when its Host is not one the service answers. */
    private String ownOrigin(HttpRequest<?> request) {
        try {
            URI base = URI.create(publicBase.of(request));
            return base.getScheme() + "://" + base.getRawAuthority();
        } catch (ApiException | IllegalArgumentException e) {
            return null;
        }
    }

    /** An origin as it may be echoed: printable ASCII, at most 200 characters. */
    private static String sanitized(String origin) {
        String printable = origin.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() > 200 ? printable.substring(0, 200) + "..." : printable;
    }
}
