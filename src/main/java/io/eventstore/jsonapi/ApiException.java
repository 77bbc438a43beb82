package io.eventstore.jsonapi;

import java.util.Map;

/**
 * A request the service refuses, with everything a JSON:API error object needs.
 * It carries no stack trace: it is an answer, not a fault.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final String pointer;
    private final String parameter;
    private final Map<String, Object> meta;

    private ApiException(int status, String code, String title, String detail,
                         String pointer, String parameter, Map<String, Object> meta) {
        super(detail, null, false, false);
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

    public static ApiException of(int status, String code, String title, String detail) {
        return new ApiException(status, code, title, detail, null, null, null);
    }

    public static ApiException notFound() {
        return of(404, "not_found", "Not found", "No such resource.");
    }

    /** The same refusal about a document nested at {@code prefix} (an operation of a batch, say). */
    public ApiException nestedAt(String prefix) {
        return new ApiException(status, code, title, getMessage(), pointer == null ? prefix : prefix + pointer, parameter, meta);
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
}
