package io.eventstore.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventstore.api.Links;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Real HTTP against the running service as one token's holder, with full control of the headers sent. */
public final class Api {

    public static final String JSON_API = "application/vnd.api+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String base;
    private final String token;
    private final Map<String, String> fixedHeaders;

    /** A client that sends {@code Authorization: Bearer <token>} (none when the token is null). */
    public Api(URI serverUrl, String token) {
        this(serverUrl.toString().replaceAll("/$", ""), token, Map.of());
    }

    private Api(String base, String token, Map<String, String> fixedHeaders) {
        this.base = base;
        this.token = token;
        this.fixedHeaders = fixedHeaders;
    }

    /** The same server, another token. */
    public Api as(String otherToken) {
        return new Api(base, otherToken, fixedHeaders);
    }

    /** The same server, no Authorization header at all. */
    public Api anonymous() {
        return new Api(base, null, Map.of());
    }

    /** The same client, sending this header with every request (an Authorization of any shape, say). */
    public Api withHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(fixedHeaders);
        headers.put(name, value);
        return new Api(base, token, headers);
    }

    public Reply get(String path) {
        return send("GET", path, Map.of("Accept", JSON_API), null);
    }

    public Reply post(String path, String body) {
        return send("POST", path, Map.of("Accept", JSON_API, "Content-Type", JSON_API), body);
    }

    public Reply patch(String path, String body) {
        return send("PATCH", path, Map.of("Accept", JSON_API, "Content-Type", JSON_API), body);
    }

    public Reply delete(String path) {
        return send("DELETE", path, Map.of("Accept", JSON_API), null);
    }

    /** Creates an event and answers its id, failing the test unless the service answered 201. */
    public String create(EventDocument document) {
        return post("/events", document.json()).assertStatus(201).id();
    }

    public Reply send(String method, String pathOrUrl, Map<String, String> headers, String body) {
        return sendBytes(method, pathOrUrl, headers, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Any bytes as the body: invalid UTF-8, NUL bytes, ... */
    public Reply sendBytes(String method, String pathOrUrl, Map<String, String> headers, byte[] body) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        fixedHeaders.forEach(request::setHeader);
        if (token != null && headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers().firstValue("Content-Type").map(type -> type.contains("json")).orElse(true);
            JsonNode json = response.body().isEmpty() || !isJson ? JSON.missingNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code /events?...} with every name and value percent-encoded. */
    public static String events(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Links.withQuery("/events", parameters);
    }
}
