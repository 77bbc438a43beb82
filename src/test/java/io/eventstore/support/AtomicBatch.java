package io.eventstore.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Builds an atomic:operations document and posts it. */
public final class AtomicBatch {

    public static final String MEDIA_TYPE = "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode document = JSON.createObjectNode();
    private final ArrayNode operations = document.putArray("atomic:operations");

    public AtomicBatch add(EventDocument event) {
        operations.addObject().put("op", "add").set("data", event.data());
        return this;
    }

    public AtomicBatch addWithLid(EventDocument event, String lid) {
        ObjectNode data = event.data().deepCopy().put("lid", lid);
        operations.addObject().put("op", "add").set("data", data);
        return this;
    }

    public AtomicBatch update(EventDocument changes) {
        operations.addObject().put("op", "update").set("data", changes.data());
        return this;
    }

    public AtomicBatch updateLid(String lid, String name) {
        ObjectNode op = operations.addObject().put("op", "update");
        op.putObject("ref").put("type", "event").put("lid", lid);
        op.putObject("data").put("type", "event").put("lid", lid).putObject("attributes").put("name", name);
        return this;
    }

    public AtomicBatch relate(String id, String relationship, String relatedId) {
        ObjectNode op = operations.addObject().put("op", "update");
        op.putObject("ref").put("type", "event").put("id", id).put("relationship", relationship);
        op.putObject("data").put("type", relationship).put("id", relatedId);
        return this;
    }

    public AtomicBatch remove(String id) {
        operations.addObject().put("op", "remove").putObject("ref").put("type", "event").put("id", id);
        return this;
    }

    public String json() {
        return document.toString();
    }

    public Reply send(Api api) {
        return api.send("POST", "/operations", Map.of("Content-Type", MEDIA_TYPE, "Accept", MEDIA_TYPE), json());
    }
}
