package io.eventstore.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventstore.event.EventService;
import io.eventstore.event.PendingInserts;
import io.eventstore.jsonapi.ApiException;
import io.eventstore.jsonapi.ApiRequest;
import io.eventstore.jsonapi.ApiResponse;
import io.eventstore.jsonapi.BatchEndpoint;
import io.eventstore.jsonapi.JsonApiGateway;
import io.eventstore.jsonapi.JsonSlices;
import io.eventstore.jsonapi.MediaTypes;
import io.eventstore.jsonapi.StrictJson;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /operations}, the JSON:API Atomic Operations extension: {@code add}, {@code update}
 * and {@code remove} on events, run in order in one transaction, all or nothing. Each operation is
 * handled exactly as the same single request would be (same checks, same documents); new events
 * are collected and inserted together in one JDBC batch.
 */
@Singleton
public class AtomicOperations implements BatchEndpoint {

    private static final String OPERATIONS = "atomic:operations";

    private final JsonApiGateway gateway;
    private final EventService events;
    private final TransactionOperations<Connection> transactions;
    private final int maxOperations;

    public AtomicOperations(JsonApiGateway gateway, EventService events, TransactionOperations<Connection> transactions,
                            @Value("${event-store.operations.max:1000}") int maxOperations) {
        this.gateway = gateway;
        this.events = events;
        this.transactions = transactions;
        this.maxOperations = maxOperations;
    }

    @Override
    public ApiResponse execute(ApiRequest request) {
        JsonNode operations = operations(StrictJson.parseObject(request.body()));
        try {
            return transactions.executeWrite(status -> run(operations, request.baseUrl()));
        } catch (OperationFailed failed) {
            return failed.answer; // the transaction has rolled back every earlier operation
        }
    }

    private ApiResponse run(JsonNode operations, String baseUrl) {
        PendingInserts.begin();
        try {
            BatchResults results = new BatchResults();
            Map<String, String> localIds = new HashMap<>();
            for (int i = 0; i < operations.size(); i++) {
                String at = "/" + OPERATIONS + "/" + i;
                JsonNode operation = operations.get(i);
                refuseReusedLocalId(operation, at, localIds);
                ApiResponse answer = gateway.handle(OperationRequests.of(operation, at, localIds, baseUrl));
                if (answer.status() >= 400) {
                    throw new OperationFailed(nested(answer, at));
                }
                byte[] data = answer.primaryData();
                rememberLocalId(operation, data, localIds);
                results.add(data);
            }
            events.flushPending();
            if (!results.anyData()) {
                return new ApiResponse(204, Map.of(), null);
            }
            return new ApiResponse(200, Map.of("Content-Type", MediaTypes.JSON_API_ATOMIC), results.document());
        } finally {
            PendingInserts.end();
        }
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

    /** A lid names one new resource of the document (JSON:API 1.1): a second add with it is an error. */
    private void refuseReusedLocalId(JsonNode operation, String at, Map<String, String> localIds) {
        JsonNode lid = operation.path("data").path("lid");
        if ("add".equals(operation.path("op").asText()) && lid.isTextual() && localIds.containsKey(lid.asText())) {
            throw new OperationFailed(gateway.error(ApiException.atPointer(400, "duplicate_lid", "Invalid document",
                    "lid '" + lid.asText() + "' already names a resource added earlier in this batch.", at + "/data/lid"), Map.of()));
        }
    }

    private static void rememberLocalId(JsonNode operation, byte[] data, Map<String, String> localIds) {
        JsonNode lid = operation.path("data").path("lid");
        if ("add".equals(operation.path("op").asText()) && lid.isTextual() && data != null) {
            localIds.put(lid.asText(), JsonSlices.string(data, "id"));
        }
    }

    /** The failing operation's error document, with pointers into the batch. */
    private static ApiResponse nested(ApiResponse answer, String at) {
        JsonNode document = StrictJson.parseObject(answer.body());
        for (JsonNode error : document.path("errors")) {
            ObjectNode source = error.has("source") ? (ObjectNode) error.get("source") : ((ObjectNode) error).putObject("source");
            source.put("pointer", at + source.path("pointer").asText(""));
        }
        return new ApiResponse(answer.status(), answer.headers(), StrictJson.write(document));
    }

    /** Carries a failed operation's answer out of the transaction, rolling it back. */
    private static final class OperationFailed extends RuntimeException {
        private final transient ApiResponse answer;

        OperationFailed(ApiResponse answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }
}
