package io.eventstore.api;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NegotiationTest extends ApiTestBase {

    private Reply postWith(String contentType) {
        return api.send("POST", "/events", Map.of("Content-Type", contentType), event(uniqueId("negotiated")).json());
    }

    private Reply getWith(String accept) {
        return api.send("GET", "/events?page%5Bsize%5D=1", accept == null ? Map.of() : Map.of("Accept", accept), null);
    }

    @Test
    void responsesCarryExactlyTheJsonApiMediaTypeAndVary() {
        Reply reply = api.get("/events?page%5Bsize%5D=1").assertStatus(200);
        assertEquals("application/vnd.api+json", reply.header("Content-Type"));
        assertEquals("Accept", reply.header("Vary"));
        Reply error = api.get("/events/abc");
        assertEquals("application/vnd.api+json", error.header("Content-Type"));
        assertEquals("Accept", error.header("Vary"));
    }

    @Test
    void bodiesMustBeJsonApiWithoutForeignParameters() {
        postWith("application/vnd.api+json").assertStatus(201);
        postWith("application/vnd.api+json; profile=\"https://example.com/p\"").assertStatus(201);
        postWith("application/json").assertError(415, "unsupported_media_type", null, null);
        postWith("text/plain").assertError(415, null, null, null);
        postWith("application/vnd.api+json; charset=utf-8").assertError(415, null, null, null);
        postWith("application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"").assertError(415, null, null, null);
        api.send("POST", "/events", Map.of(), event("x").json()).assertError(415, null, null, null);
        api.send("PATCH", "/events/1", Map.of("Content-Type", "application/json"), "{}").assertError(415, null, null, null);
    }

    @Test
    void acceptMustAllowThePlainJsonApiMediaType() {
        getWith(null).assertStatus(200);
        getWith("*/*").assertStatus(200);
        getWith("application/*").assertStatus(200);
        getWith("application/vnd.api+json").assertStatus(200);
        getWith("text/html, application/vnd.api+json;q=0.9").assertStatus(200);
        getWith("application/vnd.api+json; profile=\"https://example.com/p\"").assertStatus(200);
        getWith("application/vnd.api+json; charset=utf-8, application/vnd.api+json").assertStatus(200);
        getWith("application/vnd.api+json; charset=utf-8").assertError(406, "not_acceptable", null, null);
        getWith("application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"").assertError(406, null, null, null);
        getWith("text/html").assertError(406, null, null, null);
        getWith("application/json").assertError(406, null, null, null);
    }

    @Test
    void refusedRequestsStoreNothing() {
        String name = uniqueId("never-stored");
        api.send("POST", "/events", Map.of("Content-Type", "application/json"), event(name).json()).assertStatus(415);
        api.send("POST", "/events", Map.of("Content-Type", Api.JSON_API, "Accept", "text/html"), event(name).json()).assertStatus(406);
        assertEquals(0, api.get(Api.events("filter[name]", name)).ids().size());
    }
}
