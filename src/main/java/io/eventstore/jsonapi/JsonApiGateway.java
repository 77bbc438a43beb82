package io.eventstore.jsonapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crnk.core.engine.document.Document;
import io.crnk.core.engine.document.ErrorData;
import io.crnk.core.engine.http.HttpResponse;
import io.eventstore.auth.ScopePolicy;
import io.eventstore.event.EventDocumentValidator;
import io.eventstore.event.EventEndpoints;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The JSON:API rules crnk does not keep, applied around it: routes and methods, scopes, content
 * negotiation, which query parameters a route takes, request documents checked before anyone reads
 * them, and error documents that never carry crnk's internals. Reads and creations of events go to
 * {@link EventEndpoints}; updates, deletes and relationships to crnk.
 */
@Singleton
public class JsonApiGateway {

    private final CrnkEngine crnk;
    private final EventDocumentValidator validator;
    private final RetryGuard retries;
    private final Provider<BatchEndpoint> batches; // a provider: the batch endpoint dispatches through this gateway
    private final ObjectMapper mapper;
    private final EventEndpoints events;

    public JsonApiGateway(CrnkEngine crnk, EventDocumentValidator validator, RetryGuard retries,
                          Provider<BatchEndpoint> batches, EventEndpoints events) {
        this.crnk = crnk;
        this.events = events;
        this.validator = validator;
        this.retries = retries;
        this.batches = batches;
        this.mapper = crnk.mapper();
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            return dispatch(request);
        } catch (ApiException e) {
            return error(e, e.headers());
        } catch (RuntimeException e) {
            return error(500, List.of(ErrorDocuments.internal(e)), Map.of());
        }
    }

    private ApiResponse dispatch(ApiRequest request) {
        Route route = Route.match(request.path());
        if (route == null) {
            throw ApiException.of(404, "not_found", "Not found", "There is nothing at this URL; events are at /events.");
        }
        if (!route.allows(request.method())) {
            return error(405, List.of(ErrorDocuments.forStatus(405)), Map.of("Allow", route.allowHeader()));
        }
        boolean batch = route.kind() == Route.Kind.OPERATIONS;
        ScopePolicy.check(request.method(), batch);
        if (!request.isInternal()) { // an operation of a batch was negotiated with its batch
            negotiate(request, batch);
        }
        Map<String, Set<String>> parameters = parameters(route, request);
        JsonNode document = request.hasBody() && !batch ? checkDocument(route, request) : null;
        if (request.method().equals("GET") && route.kind() == Route.Kind.COLLECTION) {
            return events.list(request.baseUrl(), parameters);
        }
        if (request.method().equals("GET") && route.kind() == Route.Kind.ITEM) {
            return events.one(route.id(), request.baseUrl(), parameters);
        }
        Supplier<ApiResponse> write = switch (route.kind()) {
            case OPERATIONS -> () -> batches.get().execute(request);
            case COLLECTION -> () -> events.create(document, request.baseUrl(), parameters, request.isInternal());
            default -> () -> process(request, parameters); // updates, deletes and relationships: crnk
        };
        if (request.method().equals("POST") && request.idempotencyKey() != null) {
            return retries.run(request, write);
        }
        return write.get();
    }

    /** The media types of the request and of the answer it accepts (406, 415). */
    private static void negotiate(ApiRequest request, boolean batch) {
        Set<String> extensions = batch ? Set.of(MediaTypes.ATOMIC) : Set.of();
        if (!MediaTypes.acceptable(request.accept(), extensions)) {
            throw ApiException.of(406, "not_acceptable", "Not acceptable", "This endpoint answers with application/vnd.api+json"
                    + (batch ? " (with or without ext=\"" + MediaTypes.ATOMIC + "\")" : "")
                    + ", with no media type parameter other than profile.");
        }
        if (request.hasBody()) {
            String problem = MediaTypes.contentTypeProblem(request.contentType(), extensions, batch);
            if (problem != null) {
                throw ApiException.of(415, "unsupported_media_type", "Unsupported media type", problem);
            }
        }
    }

    /** Hands a checked request to crnk. */
    private ApiResponse process(ApiRequest request, Map<String, Set<String>> parameters) {
        Optional<HttpResponse> answer = crnk.process(request.method(), request.path(), request.baseUrl(), parameters,
                request.hasBody() ? request.bodyBytes() : null);
        if (answer.isEmpty()) {
            throw ApiException.notFound();
        }
        return finish(answer.get());
    }

    /** Route-level rules for parameters; the parameters themselves are parsed by the query mapper. */
    private static Map<String, Set<String>> parameters(Route route, ApiRequest request) {
        boolean listing = route.kind() == Route.Kind.COLLECTION && request.method().equals("GET");
        Map<String, Set<String>> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : request.parameters().entrySet()) {
            String name = parameter.getKey();
            if (parameter.getValue().size() > 1) {
                throw ApiException.atParameter(name, "repeated_parameter", name + " may be given only once.");
            }
            boolean fields = name.startsWith("fields[") && (route.kind() == Route.Kind.COLLECTION || route.kind() == Route.Kind.ITEM);
            if (!listing && !fields) {
                throw ApiException.atParameter(name, "unknown_parameter", route.kind() == Route.Kind.RELATIONSHIP
                        || route.kind() == Route.Kind.OPERATIONS
                        ? "This endpoint takes no query parameters."
                        : "Only a listing (GET /events) takes filter, sort, page and include; here only fields[event] applies.");
            }
            parameters.put(name, new LinkedHashSet<>(parameter.getValue()));
        }
        return parameters;
    }

    /** The request's document, parsed once and checked against the route's rules. */
    private JsonNode checkDocument(Route route, ApiRequest request) {
        JsonNode document = request.document() != null ? request.document() : StrictJson.parseObject(request.body());
        switch (route.kind()) {
            case COLLECTION -> validator.checkCreate(document);
            case ITEM -> validator.checkUpdate(document, route.id());
            case RELATIONSHIP -> validator.checkRelationship(document, route.relationship());
            case OPERATIONS -> throw new IllegalStateException("operations are checked one by one");
        }
        return document;
    }

    private ApiResponse finish(HttpResponse answer) {
        int status = answer.getStatusCode();
        byte[] body = answer.getBody();
        if (status >= 400) {
            return new ApiResponse(status, Map.of(), sanitizeErrors(status, body));
        }
        return new ApiResponse(status, Map.of(), body == null || body.length == 0 ? null : body);
    }

    /** crnk's own errors carry its exception messages; ours carry a code. Keep ours, replace the rest. */
    private byte[] sanitizeErrors(int status, byte[] body) {
        try {
            JsonNode document = mapper.readTree(body);
            ArrayNode errors = JsonNodeFactory.instance.arrayNode();
            for (JsonNode error : document.path("errors")) {
                errors.add(error.hasNonNull("code") ? error : mapper.valueToTree(ErrorDocuments.forStatus(status)));
            }
            if (errors.isEmpty()) {
                errors.add(mapper.<JsonNode>valueToTree(ErrorDocuments.forStatus(status)));
            }
            ObjectNode clean = JsonNodeFactory.instance.objectNode();
            clean.set("errors", errors);
            clean.set("jsonapi", LinkCleanup.JSON_API_VERSION);
            return mapper.writeValueAsBytes(clean);
        } catch (IOException | RuntimeException e) {
            return errorBody(List.of(ErrorDocuments.forStatus(status)));
        }
    }

    /**
     * crnk's ErrorData has no {@code source.header} and no {@code links.type}: ApiException parks
     * them in meta, and here they move where JSON:API 1.1 puts them.
     */
    private static void moveParkedMembers(JsonNode error) {
        moveParked(error, ApiException.HEADER_META, "source", "header");
        moveParked(error, ApiException.TYPE_META, "links", "type");
    }

    private static void moveParked(JsonNode error, String parked, String object, String member) {
        if (error.path("meta").has(parked)) {
            ObjectNode meta = (ObjectNode) error.get("meta");
            ObjectNode target = error.path(object) instanceof ObjectNode existing ? existing : ((ObjectNode) error).putObject(object);
            target.set(member, meta.remove(parked));
            if (meta.isEmpty()) {
                ((ObjectNode) error).remove("meta");
            }
        }
    }

    public ApiResponse error(ApiException refusal, Map<String, String> headers) {
        return error(refusal.status(), List.of(ErrorDocuments.from(refusal)), headers);
    }

    public ApiResponse error(int status, List<ErrorData> errors, Map<String, String> headers) {
        return new ApiResponse(status, headers, errorBody(errors));
    }

    private byte[] errorBody(List<ErrorData> errors) {
        Document document = new Document();
        document.setErrors(errors);
        document.setJsonapi(LinkCleanup.JSON_API_VERSION);
        try {
            ObjectNode tree = mapper.valueToTree(document);
            tree.path("errors").forEach(JsonApiGateway::moveParkedMembers);
            return mapper.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an error document", e);
        }
    }
}
