package io.eventstore.api;

import io.eventstore.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.cors.CorsFilter;
import io.micronaut.context.annotation.Value;

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
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class CorsRefusal implements Ordered {

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

    /** Null to go on; the refusal of an origin that is neither allowed nor the service's own. */
    @RequestFilter
    public @Nullable MutableHttpResponse<?> checkOrigin(HttpRequest<?> request) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null || allowedOrigins.contains(origin) || origin.equals(ownOrigin(request))) {
            return null;
        }
        return refusal(origin);
    }

    /** An allowed origin's request refused by Micronaut's CORS filter with an empty 403 gets a document. */
    @ResponseFilter
    public @Nullable MutableHttpResponse<?> explainRefusal(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null || response.code() != 403 || response.getBody().isPresent()) {
            return null; // allowed, or refused by the API itself (a scope, say) with its own document
        }
        return refusal(origin);
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
