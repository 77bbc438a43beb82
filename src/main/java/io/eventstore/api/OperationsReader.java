package io.eventstore.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventstore.auth.Caller;
import io.eventstore.auth.ScopePolicy;
import io.eventstore.error.ApiException;
import io.eventstore.event.EventField;
import io.eventstore.ingest.Operation;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpMethod;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an atomic operations document into checked operations: each one is read exactly as the
 * single request it stands for would be (same document rules, same scope), with pointers into the
 * batch. Local ids are resolved in order: a lid names an event added by an earlier operation.
 */
@Singleton
final class OperationsReader {

    static final String OPERATIONS = "atomic:operations";
    private static final Set<String> MEMBERS = Set.of("op", "ref", "href", "data", "meta");

    private final EventDocumentReader documents;
    private final int maxOperations;

    OperationsReader(EventDocumentReader documents, @Value("${event-store.operations.max:1000}") int maxOperations) {
        this.documents = documents;
        this.maxOperations = maxOperations;
    }

    List<Operation> read(Caller caller, JsonNode document) {
        JsonNode operations = operations(document);
        List<Operation> read = new ArrayList<>(operations.size());
        Set<String> localIds = new HashSet<>();
        for (int i = 0; i < operations.size(); i++) {
            String at = "/" + OPERATIONS + "/" + i;
            try {
                Operation operation = operation(operations.get(i), at, localIds);
                ScopePolicy.check(caller, operation instanceof Operation.Remove ? HttpMethod.DELETE
                        : operation instanceof Operation.Add ? HttpMethod.POST : HttpMethod.PATCH, false);
                read.add(operation);
            } catch (ApiException refusal) {
                throw refusal.nestedAt(at);
            }
        }
        return read;
    }

    private JsonNode operations(JsonNode document) {
        document.fieldNames().forEachRemaining(name -> {
            if (!name.equals(OPERATIONS) && !name.equals("meta") && !name.equals("jsonapi") && !name.equals("links")) {
                throw ApiException.atPointer(400, "invalid_document", "Invalid document",
                        "'" + name + "' is not a member of an atomic operations document.", "/" + name);
            }
        });
        JsonNode operations = document.get(OPERATIONS);
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ApiException.atPointer(400, "invalid_document", "Invalid document",
                    "atomic:operations must be a non-empty array of operations.", "/" + OPERATIONS);
        }
        if (operations.size() > maxOperations) {
            throw ApiException.atPointer(400, "too_many_operations", "Too many operations",
                    "A request takes at most " + maxOperations + " operations.", "/" + OPERATIONS);
        }
        return operations;
    }

    /** One operation; pointers are relative to it (the caller nests them). */
    private Operation operation(JsonNode operation, String at, Set<String> localIds) {
        if (!operation.isObject()) {
            throw invalid("", "An operation is an object with op and data or ref.");
        }
        operation.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                throw invalid("/" + name, "'" + name + "' is not a member of an operation.");
            }
        });
        if (operation.has("href")) {
            throw invalid("/href", "Operations name their target with ref, not href.");
        }
        return switch (operation.path("op").asText("")) {
            case "add" -> add(operation, at, localIds);
            case "update" -> update(operation, at, localIds);
            case "remove" -> remove(operation, at, localIds);
            default -> throw invalid("/op", "op must be add, update or remove.");
        };
    }

    private Operation add(JsonNode operation, String at, Set<String> localIds) {
        if (operation.has("ref")) {
            JsonNode type = operation.path("ref").path("type");
            if (!"event".equals(type.asText()) || operation.path("ref").size() != 1) {
                throw invalid("/ref", "An add operation's ref may only name the type 'event'.");
            }
        }
        JsonNode data = data(operation);
        String lid = null;
        if (data.path("lid").isTextual()) {
            lid = data.path("lid").asText();
            if (localIds.contains(lid)) {
                throw ApiException.atPointer(400, "duplicate_lid", "Invalid document",
                        "lid '" + lid + "' already names a resource added earlier in this batch.", "/data/lid");
            }
        }
        Operation.Add add = new Operation.Add(at, lid, documents.createData(data, true));
        if (lid != null) {
            localIds.add(lid);
        }
        return add;
    }

    private Operation update(JsonNode operation, String at, Set<String> localIds) {
        JsonNode ref = operation.get("ref");
        if (ref != null && ref.has("relationship")) {
            Operation.Target target = target(ref, localIds);
            if (!operation.has("data")) {
                throw invalid("/data", "A relationship update needs data: a resource identifier or null.");
            }
            EventField relationship = EventField.relationship(ref.path("relationship").asText());
            if (relationship == null) {
                throw ApiException.notFound(); // as the single request to a relationship that does not exist
            }
            ObjectNode document = JsonNodeFactory.instance.objectNode();
            document.set("data", operation.get("data"));
            return new Operation.Relate(at, target, relationship, documents.relationship(document, relationship));
        }
        JsonNode data = data(operation);
        Operation.Target target;
        if (ref != null) {
            target = target(ref, localIds);
        } else if (data.has("lid") && !data.has("id")) {
            target = new Operation.Target(null, localId(data.path("lid").asText(), "/data/lid", localIds));
        } else {
            String id = data.path("id").asText("");
            if (id.isEmpty()) {
                throw invalid("/data/id", "An update names its event with data.id or ref.");
            }
            target = new Operation.Target(id, null);
        }
        if (data.has("lid") && !data.has("id")) {
            localId(data.path("lid").asText(), "/data/lid", localIds);
        }
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.set("data", data);
        // an event named by lid has no id the document could repeat
        String expectedId = target.id() != null ? target.id() : data.has("id") ? data.get("id").asText() : null;
        return new Operation.Update(at, target, documents.update(document, expectedId, true));
    }

    private Operation remove(JsonNode operation, String at, Set<String> localIds) {
        JsonNode ref = operation.get("ref");
        if (ref == null || !ref.isObject()) {
            throw invalid("/ref", "A remove operation names its event with ref.");
        }
        if (ref.has("relationship")) {
            throw invalid("/ref/relationship", "To-one relationships are cleared with an update to null.");
        }
        return new Operation.Remove(at, target(ref, localIds));
    }

    private static Operation.Target target(JsonNode ref, Set<String> localIds) {
        if (!ref.isObject() || !"event".equals(ref.path("type").asText())) {
            throw invalid("/ref/type", "Operations apply to resources of type 'event'.");
        }
        if (ref.path("id").isTextual()) {
            return new Operation.Target(ref.path("id").asText(), null);
        }
        if (ref.path("lid").isTextual()) {
            return new Operation.Target(null, localId(ref.path("lid").asText(), "/ref/lid", localIds));
        }
        throw invalid("/ref", "ref needs an id (or the lid of an event added earlier in this request).");
    }

    private static String localId(String lid, String pointer, Set<String> localIds) {
        if (!localIds.contains(lid)) {
            throw invalid(pointer, "No earlier operation of this request added an event with lid '" + lid + "'.");
        }
        return lid;
    }

    private static JsonNode data(JsonNode operation) {
        JsonNode data = operation.get("data");
        if (data == null || !data.isObject()) {
            throw invalid("/data", "This operation needs data: a resource object.");
        }
        return data;
    }

    private static ApiException invalid(String pointer, String detail) {
        return ApiException.atPointer(400, "invalid_operation", "Invalid operation", detail, pointer);
    }
}
