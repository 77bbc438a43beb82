package io.eventstore.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One HTTP answer: status, headers and the parsed JSON:API document, with assertions on them. */
public record Reply(int status, HttpHeaders headers, String text, JsonNode json) {

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** Every value of a header, however many lines it came in, split at commas and trimmed. */
    public java.util.List<String> headerValues(String name) {
        return headers.allValues(name).stream().flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::trim).filter(value -> !value.isEmpty()).toList();
    }

    public JsonNode data() {
        return json.path("data");
    }

    public String id() {
        return data().path("id").asText();
    }

    public JsonNode attributes() {
        return data().path("attributes");
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        data().forEach(resource -> ids.add(resource.path("id").asText()));
        return ids;
    }

    public String link(String name) {
        JsonNode link = json.path("links").path(name);
        return link.isNull() || link.isMissingNode() ? null : link.asText();
    }

    public Reply assertStatus(int expected) {
        assertEquals(expected, status, () -> "status of " + text);
        return this;
    }

    /** Asserts a JSON:API error document: its status, code and where the fault is. */
    public Reply assertError(int expected, String code, String sourceMember, String source) {
        assertStatus(expected);
        assertEquals("application/vnd.api+json", header("Content-Type"));
        JsonNode error = json.path("errors").path(0);
        assertEquals(Integer.toString(expected), error.path("status").asText(), text);
        assertTrue(error.path("title").isTextual(), text);
        assertTrue(error.path("detail").isTextual(), text);
        if (code != null) {
            assertEquals(code, error.path("code").asText(), text);
        }
        if (sourceMember != null) {
            assertEquals(source, error.path("source").path(sourceMember).asText(null), text);
        }
        assertFalse(json.has("data"), "an error document carries no data: " + text);
        assertFalse(text.contains("Exception") || text.contains("java.") || text.contains("io.crnk")
                || text.contains("SQL"), "internals leaked: " + text);
        return this;
    }

    public Reply assertErrorAtPointer(int expected, String pointer) {
        return assertError(expected, null, "pointer", pointer);
    }

    public Reply assertErrorAtParameter(int expected, String parameter) {
        return assertError(expected, null, "parameter", parameter);
    }
}
