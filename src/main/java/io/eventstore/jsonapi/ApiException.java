package io.eventstore.jsonapi;

import java.util.Map;

/**
 * A request the service refuses, with everything a JSON:API error object needs.
 * It carries no stack trace: it is an answer, not a fault.
 */
public class ApiException extends RuntimeException {

    /** Where {@link #atHeader} keeps the header until the error object is written ({@code source.header}). */
    public static final String HEADER_META = "__source.header";
    /** Where a refusal names its error type ({@code links.type}, as the cursor pagination profile's errors do). */
    public static final String TYPE_META = "__links.type";

    private final int status;
    private final String code;
    private final String title;
    private final String pointer;
    private final String parameter;
    private final Map<String, Object> meta;
    private final Map<String, String> headers;

    private ApiException(int status, String code, String title, String detail,
                         String pointer, String parameter, Map<String, Object> meta) {
        this(status, code, title, detail, pointer, parameter, meta, Map.of());
    }

    private ApiException(int status, String code, String title, String detail,
                         String pointer, String parameter, Map<String, Object> meta, Map<String, String> headers) {
        super(detail, null, false, false);
        this.headers = headers;
        this.status = status;
        this.code = code;
        this.title = title;
        this.pointer = pointer;
        this.parameter = parameter;
        this.meta = meta == null ? Map.of() : meta;
    }

    public static ApiException atPointer(int status, String code, String title, String detail, String pointer) {
        return new ApiException(status, code, title, detail, pointer, null, null);
    }

    public static ApiException atParameter(String parameter, String code, String detail) {
        return new ApiException(400, code, "Invalid query parameter", detail, null, parameter, null);
    }

    public static ApiException atParameter(String parameter, String code, String detail, Map<String, Object> meta) {
        return new ApiException(400, code, "Invalid query parameter", detail, null, parameter, meta);
    }

    /** A refusal caused by one request header (JSON:API 1.1 {@code source.header}). */
    public static ApiException atHeader(int status, String code, String title, String detail, String header) {
        return new ApiException(status, code, title, detail, null, null, Map.of(HEADER_META, header));
    }

    public static ApiException of(int status, String code, String title, String detail) {
        return new ApiException(status, code, title, detail, null, null, null);
    }

    public static ApiException notFound() {
        return of(404, "not_found", "Not found", "No such resource.");
    }

    /** The same refusal, answered with one more response header. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(status, code, title, getMessage(), pointer, parameter, meta, Map.copyOf(more));
    }

    /** The same refusal about a document nested at {@code prefix} (an operation of a batch, say). */
    public ApiException nestedAt(String prefix) {
        return new ApiException(status, code, title, getMessage(), pointer == null ? prefix : prefix + pointer, parameter, meta, headers);
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

    public String pointer() {
        return pointer;
    }

    public String parameter() {
        return parameter;
    }

    public Map<String, Object> meta() {
        return meta;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
