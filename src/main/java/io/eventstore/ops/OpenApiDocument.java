package io.eventstore.ops;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of the whole API, kept in the repository
 * at src/main/resources/openapi.json (OpenApiTest checks it against an independent validator and
 * against the routes the service serves). No token needed.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public class OpenApiDocument {

    static final String PATH = "/openapi.json";
    private static final String MEDIA_TYPE = "application/vnd.oai.openapi+json";

    private final byte[] document;

    OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(PATH)) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // */* among the produced types: this route, not the API's catch-all, answers Accept: */*
    @Get(uri = PATH, produces = {MEDIA_TYPE, MediaType.APPLICATION_JSON, MediaType.ALL})
    public HttpResponse<byte[]> document() {
        return HttpResponse.ok(document).contentType(MEDIA_TYPE);
    }
}
