package io.eventstore.api;

import io.eventstore.auth.Caller;
import io.eventstore.error.ApiException;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.rules.SecurityRule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP edge: every request reaches one catch-all route (so that unknown routes and methods are
 * answered as JSON:API errors, after authentication) and is handed to {@link EventApi} with its
 * caller, on a pool of threads (JDBC blocks): reads on their own small pool, the rest on the blocking
 * one. It accepts every media type so that negotiation is JSON:API's, not Micronaut's.
 */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes(MediaType.ALL)
@Produces(MediaType.ALL)
public class JsonApiController {

    /** The executor of reads (see application.yml): about as many threads as cores. */
    static final String READS = "reads";

    private final EventApi api;
    private final PublicBase publicBase;

    JsonApiController(EventApi api, PublicBase publicBase) {
        this.api = api;
        this.publicBase = publicBase;
    }

    /** GET, and HEAD too: Micronaut routes HEAD here and sends the headers of the answer without its body. */
    @Get(uris = {"/", "/{+path}"})
    @ExecuteOn(READS)
    public HttpResponse<Object> get(HttpRequest<?> request) {
        return handle(request, null);
    }

    @Delete(uris = {"/", "/{+path}"})
    public HttpResponse<Object> delete(HttpRequest<?> request) {
        return handle(request, null);
    }

    @Options(uris = {"/", "/{+path}"})
    public HttpResponse<Object> options(HttpRequest<?> request) {
        return handle(request, null);
    }

    // the body as bytes, read by Micronaut before the method runs; absent for an empty body
    @Post(uris = {"/", "/{+path}"})
    public HttpResponse<Object> post(HttpRequest<byte[]> request) {
        return handle(request, request.getBody().orElse(null));
    }

    @Patch(uris = {"/", "/{+path}"})
    public HttpResponse<Object> patch(HttpRequest<byte[]> request) {
        return handle(request, request.getBody().orElse(null));
    }

    @Put(uris = {"/", "/{+path}"})
    public HttpResponse<Object> put(HttpRequest<byte[]> request) {
        return handle(request, request.getBody().orElse(null));
    }

    MutableHttpResponse<Object> handle(HttpRequest<?> request, byte[] body) {
        Caller caller = Caller.of(request.getUserPrincipal(Authentication.class)
                .orElseThrow(() -> new AuthorizationException(null)));
        String baseUrl;
        try {
            QueryText.check(request.getUri().getRawQuery());
            baseUrl = publicBase.of(request);
        } catch (ApiException refusal) {
            return toMicronaut(EventApi.error(refusal));
        }
        ApiRequest apiRequest = new ApiRequest(
                RequestId.of(request),
                request.getMethod(),
                request.getUri().getRawPath(), // raw: a name in /event-names/{name} may hold an encoded slash
                baseUrl,
                request.getHeaders().get(WireHeaders.ACCEPT),
                request.getHeaders().get(WireHeaders.CONTENT_TYPE),
                request.getHeaders().get(WireHeaders.IDEMPOTENCY_KEY),
                request.getHeaders().get(WireHeaders.LAST_EVENT_ID),
                parameters(request),
                body);
        return toMicronaut(api.handle(caller, apiRequest));
    }

    static MutableHttpResponse<Object> toMicronaut(ApiResponse response) {
        MutableHttpResponse<Object> http = HttpResponse.status(HttpStatus.valueOf(response.status()));
        http.header(WireHeaders.VARY, WireHeaders.ACCEPT);
        if (response.events() != null) {
            http.body(response.events());
            http.contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
        } else if (response.chunks() != null) {
            http.body(response.chunks());
            http.header(WireHeaders.CONTENT_TYPE, WireHeaders.contentType(response.contentType()));
        } else if (response.body() != null) {
            http.body(response.body());
            http.header(WireHeaders.CONTENT_TYPE, WireHeaders.contentType(response.contentType()));
            // set here, not left to the encoder: a HEAD answer carries the length its GET would have
            http.header(WireHeaders.CONTENT_LENGTH, Integer.toString(response.body().length));
        }
        response.headers().forEach(http.getHeaders()::set);
        return http;
    }

    private static Map<String, List<String>> parameters(HttpRequest<?> request) {
        if (request.getUri().getRawQuery() == null) {
            return Map.of(); // most reads by id: no query string to decode
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String name : request.getParameters().names()) {
            parameters.put(name, request.getParameters().getAll(name));
        }
        return parameters;
    }

}
