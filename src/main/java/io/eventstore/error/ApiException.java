package io.eventstore.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one error type: a request the service refuses, with every member a JSON:API error object
 * has ({@code source.pointer}, {@code source.parameter}, {@code source.header}, {@code links.type},
 * {@code meta}) and the response headers that go with it. It carries no stack trace: it is an
 * answer, not a fault. Faults (anything else thrown) become 500s with an opaque id at the edge.
 */
public final class ApiException extends RuntimeException {

    /** Where in the request the refusal points (JSON:API 1.1 {@code source}): at most one member is set. */
    public record Source(String pointer, String parameter, String header) {
        static final Source NONE = new Source(null, null, null);
    }

    private final int status;
    private final String code;
    private final String title;
    private final Source source;
    private final String type;
    private final Map<String, Object> meta;
    private final Map<String, String> headers;

    private ApiException(int status, String code, String title, String detail, Source source, String type,
                         Map<String, Object> meta, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.source = source;
        this.type = type;
        this.meta = meta;
        this.headers = headers;
    }

    public static ApiException of(int status, String code, String title, String detail) {
        return new ApiException(status, code, title, detail, Source.NONE, null, Map.of(), Map.of());
    }

    public static ApiException atPointer(int status, String code, String title, String detail, String pointer) {
        return of(status, code, title, detail).at(new Source(pointer, null, null));
    }

    public static ApiException atParameter(String parameter, String code, String detail) {
        return of(400, code, "Invalid query parameter", detail).at(new Source(null, parameter, null));
    }

    /** A refusal caused by one query parameter, with a status of its own ({@code source.parameter}). */
    public static ApiException atParameter(int status, String code, String title, String detail, String parameter) {
        return of(status, code, title, detail).at(new Source(null, parameter, null));
    }

    /** A refusal caused by one request header ({@code source.header}). */
    public static ApiException atHeader(int status, String code, String title, String detail, String header) {
        return of(status, code, title, detail).at(new Source(null, null, header));
    }

    public static ApiException notFound() {
        return of(404, "not_found", "Not found", "No such resource.");
    }

    private ApiException at(Source where) {
        return new ApiException(status, code, title, getMessage(), where, type, meta, headers);
    }

    /** The same refusal with the URI of its error type ({@code links.type}, as profiles define them). */
    public ApiException withType(String typeUri) {
        return new ApiException(status, code, title, getMessage(), source, typeUri, meta, headers);
    }

    public ApiException withMeta(Map<String, Object> more) {
        return new ApiException(status, code, title, getMessage(), source, type, Map.copyOf(more), headers);
    }

    /** The same refusal, answered with one more response header. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(status, code, title, getMessage(), source, type, meta, Map.copyOf(more));
    }

    /** The same refusal about a document nested at {@code prefix} (an operation of a batch, say). */
    public ApiException nestedAt(String prefix) {
        if (source.parameter() != null || source.header() != null) {
            return this;
        }
        String pointer = source.pointer() == null ? prefix : prefix + source.pointer();
        return at(new Source(pointer, null, null));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Source source() {
        return source;
    }

    /** The error type's URI, or null. */
    public String type() {
        return type;
    }

    public Map<String, Object> meta() {
        return meta;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
