package io.eventstore.explorer;

import io.eventstore.event.EventField;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /explorer}: the timeline explorer, a page of static files in the jar
 * ({@code src/main/resources/explorer/}) that calls the public API with a token the user types in.
 * The page itself needs no token and holds no data. Its answers carry a strict Content-Security-Policy
 * (its own scripts and styles only, requests to this origin only, no frames, no forms sent anywhere),
 * so that an event's text, shown by the page, can never run as code or leak the token elsewhere.
 * {@code event-store.explorer.enabled: false} leaves it out (its paths are then the API's: 401 or 404).
 */
@Controller("/explorer")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "event-store.explorer.enabled", notEquals = "false")
public class ExplorerPage {

    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Where the page's list of relationships goes: derived from the field table, not written twice. */
    static final String RELATIONSHIP_OPTIONS = "<!-- relationship-options: written by ExplorerPage from the field table -->";

    private final Asset page = Asset.of("index.html", "text/html; charset=utf-8",
            Asset.text("index.html").replace(RELATIONSHIP_OPTIONS, relationshipOptions()).getBytes(StandardCharsets.UTF_8));
    private final Asset style = Asset.file("explorer.css", CSS);
    private final Asset main = Asset.file("explorer.js", JAVASCRIPT);
    private final Asset client = Asset.file("api.js", JAVASCRIPT);
    private final Asset live = Asset.file("live.js", JAVASCRIPT);
    private final Asset histogram = Asset.file("histogram.js", JAVASCRIPT);

    // */* among the produced types: these routes, not the API's catch-all, answer a browser's Accept
    @Get(produces = {MediaType.TEXT_HTML, MediaType.ALL})
    public HttpResponse<byte[]> page(HttpRequest<?> request) {
        return page.answer(request);
    }

    @Get(uri = "/explorer.css", produces = {CSS, MediaType.ALL})
    public HttpResponse<byte[]> style(HttpRequest<?> request) {
        return style.answer(request);
    }

    // the page's ES modules: its wiring, the API client, the live stream and the histogram
    @Get(uri = "/explorer.js", produces = {JAVASCRIPT, MediaType.ALL})
    public HttpResponse<byte[]> main(HttpRequest<?> request) {
        return main.answer(request);
    }

    @Get(uri = "/api.js", produces = {JAVASCRIPT, MediaType.ALL})
    public HttpResponse<byte[]> client(HttpRequest<?> request) {
        return client.answer(request);
    }

    @Get(uri = "/live.js", produces = {JAVASCRIPT, MediaType.ALL})
    public HttpResponse<byte[]> live(HttpRequest<?> request) {
        return live.answer(request);
    }

    @Get(uri = "/histogram.js", produces = {JAVASCRIPT, MediaType.ALL})
    public HttpResponse<byte[]> histogram(HttpRequest<?> request) {
        return histogram.answer(request);
    }

    /** An option per relationship, prospect (the timelines CRMs show most) selected. */
    private static String relationshipOptions() {
        StringBuilder options = new StringBuilder();
        for (EventField relationship : EventField.RELATIONSHIPS) {
            String name = relationship.jsonName(); // field names: lower-case letters only, nothing to escape
            options.append("<option value=\"").append(name).append('"')
                    .append(name.equals("prospect") ? " selected" : "").append('>').append(name).append("</option>");
        }
        return options.toString();
    }

    /** One file of the page, read once from the jar, with a strong ETag of its bytes. */
    private record Asset(byte[] bytes, String contentType, String etag) {

        static Asset of(String name, String contentType, byte[] bytes) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new Asset(bytes, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static Asset file(String name, String contentType) {
            return of(name, contentType, bytes(name));
        }

        static byte[] bytes(String name) {
            try (InputStream in = ExplorerPage.class.getResourceAsStream("/explorer/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("explorer/" + name + " is missing from the jar");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static String text(String name) {
            return new String(bytes(name), StandardCharsets.UTF_8);
        }

        /** The file, or 304 when the browser holds this version: it revalidates each load (no-cache), so a new jar shows at once. */
        HttpResponse<byte[]> answer(HttpRequest<?> request) {
            boolean current = request.getHeaders().getAll(HttpHeaders.IF_NONE_MATCH).stream()
                    .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                    .map(String::trim)
                    .anyMatch(tag -> tag.equals(etag) || tag.equals("W/" + etag) || tag.equals("*"));
            MutableHttpResponse<byte[]> response = current ? HttpResponse.status(HttpStatus.NOT_MODIFIED) : HttpResponse.ok(bytes);
            return response.contentType(contentType)
                    .header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .header("Referrer-Policy", "no-referrer")
                    .header("X-Frame-Options", "DENY");
        }
    }
}
