package io.eventstore.jsonapi;

import java.util.List;
import java.util.Map;

/** A request as the edge received it, before any JSON:API rule was applied. */
public record ApiRequest(String method, String path, String baseUrl, String accept, String contentType,
                         Map<String, List<String>> parameters, byte[] body) {
}
