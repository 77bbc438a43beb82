package io.eventstore.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventstore.jsonapi.ApiException;
import io.eventstore.jsonapi.ApiRequest;

import java.util.Map;
import java.util.Set;

/** Turns one atomic operation into the single request it stands for. */
final class OperationRequests {

    private static final Set<String> MEMBERS = Set.of("op", "ref", "href", "data", "meta");

    private OperationRequests() {
    }

    static ApiRequest of(JsonNode operation, String at, Map<String, String> localIds, String baseUrl) {
        if (!operation.isObject()) {
            throw invalid(at, "An operation is an object with op and data or ref.");
        }
        operation.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                throw invalid(at + "/" + name, "'" + name + "' is not a member of an operation.");
            }
        });
        if (operation.has("href")) {
            throw invalid(at + "/href", "Operations name their target with ref, not href.");
        }
        String op = operation.path("op").asText("");
        return switch (op) {
            case "add" -> add(operation, at, baseUrl);
            case "update" -> update(operation, at, localIds, baseUrl);
            case "remove" -> remove(operation, at, localIds, baseUrl);
            default -> throw invalid(at + "/op", "op must be add, update or remove.");
        };
    }

    private static ApiRequest add(JsonNode operation, String at, String baseUrl) {
        if (operation.has("ref")) {
            JsonNode type = operation.path("ref").path("type");
            if (!"event".equals(type.asText()) || operation.path("ref").size() != 1) {
                throw invalid(at + "/ref", "An add operation's ref may only name the type 'event'.");
            }
        }
        ObjectNode data = dataObject(operation, at);
        data.remove("lid");
        return ApiRequest.internal("POST", "/events", baseUrl, body(data));
    }

    private static ApiRequest update(JsonNode operation, String at, Map<String, String> localIds, String baseUrl) {
        JsonNode ref = operation.get("ref");
        if (ref != null && ref.has("relationship")) {
            String id = refId(ref, at, localIds);
            if (!operation.has("data")) {
                throw invalid(at + "/data", "A relationship update needs data: a resource identifier or null.");
            }
            String relationship = ref.path("relationship").asText();
            ObjectNode document = JsonNodeFactory.instance.objectNode();
            document.set("data", operation.get("data"));
            return ApiRequest.internal("PATCH", "/events/" + id + "/relationships/" + relationship, baseUrl, document);
        }
        ObjectNode data = dataObject(operation, at);
        String id;
        if (ref != null) {
            id = refId(ref, at, localIds);
        } else if (data.has("lid") && !data.has("id")) {
            id = localId(data.path("lid").asText(), at + "/data/lid", localIds);
        } else {
            id = data.path("id").asText("");
        }
        if (data.has("lid") && !data.has("id")) {
            data.put("id", localId(data.path("lid").asText(), at + "/data/lid", localIds));
        }
        data.remove("lid");
        if (id.isEmpty()) {
            throw invalid(at + "/data/id", "An update names its event with data.id or ref.");
        }
        return ApiRequest.internal("PATCH", "/events/" + id, baseUrl, body(data));
    }

    private static ApiRequest remove(JsonNode operation, String at, Map<String, String> localIds, String baseUrl) {
        JsonNode ref = operation.get("ref");
        if (ref == null || !ref.isObject()) {
            throw invalid(at + "/ref", "A remove operation names its event with ref.");
        }
        if (ref.has("relationship")) {
            throw invalid(at + "/ref/relationship", "To-one relationships are cleared with an update to null.");
        }
        return ApiRequest.internal("DELETE", "/events/" + refId(ref, at, localIds), baseUrl, null);
    }

    private static String refId(JsonNode ref, String at, Map<String, String> localIds) {
        if (!ref.isObject() || !"event".equals(ref.path("type").asText())) {
            throw invalid(at + "/ref/type", "Operations apply to resources of type 'event'.");
        }
        if (ref.path("id").isTextual()) {
            return ref.path("id").asText();
        }
        if (ref.path("lid").isTextual()) {
            return localId(ref.path("lid").asText(), at + "/ref/lid", localIds);
        }
        throw invalid(at + "/ref", "ref needs an id (or the lid of an event added earlier in this request).");
    }

    private static String localId(String lid, String pointer, Map<String, String> localIds) {
        String id = localIds.get(lid);
        if (id == null) {
            throw invalid(pointer, "No earlier operation of this request added an event with lid '" + lid + "'.");
        }
        return id;
    }

    private static ObjectNode dataObject(JsonNode operation, String at) {
        JsonNode data = operation.get("data");
        if (data == null || !data.isObject()) {
            throw invalid(at + "/data", "This operation needs data: a resource object.");
        }
        // a shallow copy: only top-level members (lid, id) are changed, the rest is read as it is
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        copy.setAll((ObjectNode) data);
        return copy;
    }

    private static ObjectNode body(ObjectNode data) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.set("data", data);
        return document;
    }

    private static ApiException invalid(String pointer, String detail) {
        return ApiException.atPointer(400, "invalid_operation", "Invalid operation", detail, pointer);
    }
}
