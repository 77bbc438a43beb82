package io.eventstore.jsonapi;

import java.util.Map;

/**
 * What the edge sends back: a status, extra headers and a JSON:API body (or none). An operation of
 * a batch may answer its primary data alone ({@code data}, no body): the batch answer is made of
 * those, so no document is written per operation only to be cut up again.
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body, byte[] data) {

    public ApiResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    /** The bytes of the primary data: given, or read from the body's {@code data} member. */
    public byte[] primaryData() {
        if (data != null) {
            return data;
        }
        return body == null ? null : JsonSlices.member(body, "data");
    }
}
