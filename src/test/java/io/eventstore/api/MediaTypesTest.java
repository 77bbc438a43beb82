package io.eventstore.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** JSON:API content negotiation, without a server. */
class MediaTypesTest {

    private static final Set<String> ATOMIC = Set.of(MediaTypes.ATOMIC);

    @ParameterizedTest(name = "Accept: {0} (atomic endpoint: {1}) -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | false | true",
            "*/* | false | true",
            "application/* | false | true",
            "text/html | false | false",
            "application/vnd.api+json | false | true",
            "application/vnd.api+json; profile=\"https://example.com/p\" | false | true",
            "application/vnd.api+json; charset=utf-8 | false | false",
            "application/vnd.api+json; charset=utf-8, application/vnd.api+json | false | true",
            "application/vnd.api+json; charset=utf-8, */* | false | false",
            "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\" | false | false",
            "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\" | true | true",
            "application/vnd.api+json; q=0, text/html | false | false",
            "application/json | false | false"})
    void acceptable(String accept, boolean atomic, boolean expected) {
        assertEquals(expected, MediaTypes.acceptable(accept, atomic ? ATOMIC : Set.of()));
    }

    @ParameterizedTest(name = "Content-Type: {0} (atomic endpoint: {1})")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | false | Send the body as application/vnd.api+json.",
            "application/json | false | Send the body as application/vnd.api+json.",
            "application/vnd.api+json; charset=utf-8 | false | application/vnd.api+json takes no media type parameter other than ext and profile.",
            "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\" | false | This endpoint supports no JSON:API extension.",
            "application/vnd.api+json | true | Send the body as application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"."})
    void refusedContentTypesSayWhy(String contentType, boolean atomic, String problem) {
        assertEquals(problem, MediaTypes.contentTypeProblem(contentType, atomic ? ATOMIC : Set.of(), atomic));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/vnd.api+json | false",
            "APPLICATION/VND.API+JSON; profile=\"x\" | false",
            "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\" | true"})
    void acceptedContentTypes(String contentType, boolean atomic) {
        assertNull(MediaTypes.contentTypeProblem(contentType, atomic ? ATOMIC : Set.of(), atomic));
    }

    @ParameterizedTest(name = "Accept: {0} -> event stream {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | true",
            "text/event-stream | true",
            "TEXT/EVENT-STREAM | true",
            "text/* | true",
            "*/* | true",
            "application/vnd.api+json, text/event-stream;q=0.5 | true",
            "text/event-stream; q=0 | false",
            "application/vnd.api+json | false",
            "text/html | false",
            "application/json | false"})
    void eventStreamAccept(String accept, boolean expected) {
        assertEquals(expected, MediaTypes.acceptsEventStream(accept));
    }
}
