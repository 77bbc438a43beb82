package io.eventstore.jsonapi;

import io.crnk.core.engine.http.HttpRequestContextBase;
import io.crnk.core.engine.http.HttpResponse;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * One Micronaut request as crnk sees it. Negotiation has already happened at the edge, so crnk is
 * shown the canonical JSON:API media type whatever the client wrote; the URI carries no query
 * (crnk appends the parameters itself when it writes {@code links.self}).
 */
final class CrnkRequest implements HttpRequestContextBase {

    private final String method;
    private final String path;
    private final String baseUrl;
    private final Map<String, Set<String>> parameters;
    private final byte[] body;
    private HttpResponse response;

    CrnkRequest(String method, String path, String baseUrl, Map<String, Set<String>> parameters, byte[] body) {
        this.method = method;
        this.path = path;
        this.baseUrl = baseUrl;
        this.parameters = parameters;
        this.body = body;
    }

    @Override
    public Set<String> getRequestHeaderNames() {
        return Set.of("Accept", "Content-Type");
    }

    @Override
    public String getRequestHeader(String name) {
        if ("accept".equalsIgnoreCase(name)) {
            return MediaTypes.JSON_API;
        }
        if ("content-type".equalsIgnoreCase(name)) {
            return body == null ? null : MediaTypes.JSON_API;
        }
        return null;
    }

    @Override
    public Map<String, Set<String>> getRequestParameters() {
        return parameters;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public String getBaseUrl() {
        return baseUrl;
    }

    @Override
    public byte[] getRequestBody() {
        return body;
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public URI getRequestUri() {
        return URI.create(baseUrl + path);
    }

    @Override
    public HttpResponse getResponse() {
        return response;
    }

    @Override
    public void setResponse(HttpResponse response) {
        this.response = response;
    }
}
