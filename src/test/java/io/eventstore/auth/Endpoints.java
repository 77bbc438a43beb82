package io.eventstore.auth;

import io.eventstore.support.Api;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Reply;

import java.util.List;
import java.util.Map;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;

/** One request to each endpoint of the API, about an existing event, with the scope it needs. */
record Endpoints(String method, String path, String contentType, String body, Scope needs) {

    static final String JSON_API = Api.JSON_API;

    static List<Endpoints> about(String eventId) {
        String item = "/events/" + eventId;
        return List.of(
                new Endpoints("GET", "/events", null, null, Scope.READ),
                new Endpoints("GET", Api.events("filter[id]", eventId, "page[totals]", "true"), null, null, Scope.READ),
                new Endpoints("GET", item, null, null, Scope.READ),
                new Endpoints("GET", item + "/relationships/prospect", null, null, Scope.READ),
                new Endpoints("POST", "/events", JSON_API, event("made_by_endpoint_check").json(), Scope.WRITE),
                new Endpoints("PATCH", item, JSON_API, changes(eventId).attribute("name", "renamed_by_check").json(), Scope.WRITE),
                new Endpoints("PATCH", item + "/relationships/account", JSON_API,
                        "{\"data\":{\"type\":\"account\",\"id\":\"acc-check\"}}", Scope.WRITE),
                new Endpoints("POST", "/operations", AtomicBatch.MEDIA_TYPE,
                        new AtomicBatch().add(event("made_by_batch_check")).json(), Scope.WRITE),
                new Endpoints("DELETE", item, null, null, Scope.DELETE));
    }

    Reply send(Api api) {
        String accept = contentType != null && contentType.contains("atomic") ? AtomicBatch.MEDIA_TYPE : JSON_API;
        Map<String, String> headers = contentType == null ? Map.of("Accept", accept) : Map.of("Accept", accept, "Content-Type", contentType);
        return api.send(method, path, headers, body);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
