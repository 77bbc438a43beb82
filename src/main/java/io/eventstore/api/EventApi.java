package io.eventstore.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.auth.Caller;
import io.eventstore.auth.ScopePolicy;
import io.eventstore.crnk.QueryGrammar;
import io.eventstore.db.TransactionRetry;
import io.eventstore.error.ApiException;
import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.EventIds;
import io.eventstore.event.EventInput;
import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.CursorCodec;
import io.eventstore.event.query.ListedPage;
import io.eventstore.event.query.Micros;
import io.eventstore.event.query.SortKey;
import io.eventstore.event.query.Filter;
import io.eventstore.events.Events;
import io.eventstore.feed.ChangeStream;
import io.eventstore.feed.StreamHub;
import io.eventstore.ingest.Batch;
import io.eventstore.ingest.Idempotency;
import io.eventstore.ingest.Operation;
import io.eventstore.ingest.StoredAnswer;
import io.micronaut.http.HttpMethod;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Where every request goes, once: route, negotiation and scope, then the request's document or
 * query read into typed input, the use case, and the one writer. A batch's operations are read here
 * too and run by the batch use case, which calls the same use cases as the single requests.
 */
@Singleton
final class EventApi {

    private static final String REPLAYED = "Idempotent-Replayed";

    private final Events events;
    private final Batch batch;
    private final Idempotency idempotency;
    private final QueryGrammar grammar;
    private final EventDocumentReader documents;
    private final OperationsReader operations;
    private final CursorCodec cursors;
    private final TransactionRetry retry;
    private final ApiMetrics metrics;
    private final StreamHub hub;
    private final WebhookApi webhooks;
    private final AnalyticsApi analytics;

    EventApi(Events events, Batch batch, Idempotency idempotency, QueryGrammar grammar, EventDocumentReader documents,
             OperationsReader operations, CursorCodec cursors, TransactionRetry retry, ApiMetrics metrics, StreamHub hub,
             WebhookApi webhooks, AnalyticsApi analytics) {
        this.events = events;
        this.batch = batch;
        this.idempotency = idempotency;
        this.grammar = grammar;
        this.documents = documents;
        this.operations = operations;
        this.cursors = cursors;
        this.retry = retry;
        this.metrics = metrics;
        this.hub = hub;
        this.webhooks = webhooks;
        this.analytics = analytics;
    }

    /** The answer to a request of this caller: a document, or an error document (never an exception). */
    ApiResponse handle(Caller caller, ApiRequest request) {
        try {
            return dispatch(caller, request);
        } catch (ApiException refusal) {
            return error(refusal);
        } catch (RuntimeException fault) {
            return Faults.answer(request.requestId(), fault);
        }
    }

    static ApiResponse error(ApiException refusal) {
        return ApiResponse.document(refusal.status(), DocumentWriter.error(refusal)).withHeaders(refusal.headers());
    }

    private ApiResponse dispatch(Caller caller, ApiRequest request) {
        Route route = Route.match(request.path());
        if (route == null) {
            throw ApiException.of(404, "not_found", "Not found", "There is nothing at this URL; events are at /events.");
        }
        HttpMethod method = request.method();
        if (!route.allows(method)) {
            throw ApiException.of(405, "method_not_allowed", "Method not allowed", "This method is not allowed on this resource.")
                    .withHeader("Allow", route.allowHeader());
        }
        if (route.webhook()) {
            ScopePolicy.checkWebhooks(caller, method);
            Negotiation.check(request, false, route.kind() == Route.Kind.WEBHOOK_SECRET || route.kind() == Route.Kind.DELIVERY_RETRY);
            return webhooks.handle(caller, request, route);
        }
        if (route.analytics()) {
            ScopePolicy.check(caller, method, false);
            return analytics.handle(caller, request, route);
        }
        boolean isBatch = route.kind() == Route.Kind.OPERATIONS;
        ScopePolicy.check(caller, method, isBatch);
        if (route.kind() == Route.Kind.STREAM) {
            Negotiation.checkEventStream(request);
        } else {
            Negotiation.check(request, isBatch);
        }
        Map<String, List<String>> parameters = parameters(route, request);
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        return switch (route.kind()) {
            case COLLECTION -> read ? list(caller, request.baseUrl(), parameters) : create(caller, request, parameters);
            case ITEM -> switch (method) {
                case PATCH -> update(caller, request, route, parameters);
                case DELETE -> retry.run(() -> {
                    events.delete(caller, id(route));
                    return ApiResponse.noContent();
                });
                default -> one(caller, request.baseUrl(), route, parameters);
            };
            case RELATIONSHIP -> read ? relationship(caller, request.baseUrl(), route) : relate(caller, request, route);
            case OPERATIONS -> batch(caller, request);
            case STREAM -> stream(caller, request, parameters);
            default -> throw new IllegalStateException("not an event route: " + route.kind());
        };
    }

    private ApiResponse list(Caller caller, String baseUrl, Map<String, List<String>> parameters) {
        QueryGrammar.Listing listing = grammar.listing(parameters);
        ListedPage page = events.list(caller, listing.query());
        DocumentWriter.PageLinks links = links(caller.org(), listing.query().sort(), page, baseUrl, Links.singleValues(parameters));
        return ApiResponse.document(200, DocumentWriter.collection(page.events(), listing.fields(), baseUrl, links, page.total(),
                page.feedPosition()));
    }

    /**
     * {@code GET /events/stream}: the org's changes that match the filters, after the position of
     * {@code Last-Event-ID} (a reconnecting EventSource sends it, and it wins over the URL's), or of
     * {@code ?after=}, or from now.
     */
    private ApiResponse stream(Caller caller, ApiRequest request, Map<String, List<String>> parameters) {
        List<Filter> filters = grammar.filters(parameters);
        Long after = null;
        String source = "after";
        if (request.lastEventId() != null && !request.lastEventId().isBlank()) {
            source = StreamHub.LAST_EVENT_ID;
            after = position(request.lastEventId(), source);
        } else if (parameters.containsKey("after")) {
            after = position(parameters.get("after").get(0), source);
        }
        ChangeStream stream = hub.open(caller, filters, after, source);
        return ApiResponse.eventStream(new EventStreamWriter(stream.messages(), request.baseUrl()));
    }

    /** A position as the stream wrote it (an SSE id: digits). */
    private static long position(String text, String source) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            String detail = "A position is the id of a message of the stream (or meta.feedPosition of a listing): digits.";
            throw source.equals("after")
                    ? ApiException.atParameter(source, "invalid_position", detail)
                    : ApiException.atHeader(400, "invalid_position", "Invalid position", detail, source);
        }
        return Long.parseLong(trimmed);
    }

    private ApiResponse one(Caller caller, String baseUrl, Route route, Map<String, List<String>> parameters) {
        Set<EventField> fields = grammar.fieldset(parameters);
        Event event = events.find(caller, id(route));
        String self = Links.withQuery(baseUrl + "/events/" + route.id(), Links.singleValues(parameters));
        return ApiResponse.document(200, DocumentWriter.single(event, fields, baseUrl, self));
    }

    private ApiResponse create(Caller caller, ApiRequest request, Map<String, List<String>> parameters) {
        EventInput input = documents.create(StrictJson.parseObject(request.body()));
        Set<EventField> fields = grammar.fieldset(parameters);
        ApiResponse answer = write(caller, request, baseUrl -> {
            Event created = events.create(caller, input, null);
            byte[] body = DocumentWriter.single(created, fields, baseUrl, Links.withQuery(baseUrl + "/events", Links.singleValues(parameters)));
            return ApiResponse.document(201, body).withHeaders(Map.of("Location", baseUrl + "/events/" + created.id()));
        });
        if (!answer.headers().containsKey(REPLAYED)) {
            metrics.ingested(1);
        }
        return answer;
    }

    private ApiResponse update(Caller caller, ApiRequest request, Route route, Map<String, List<String>> parameters) {
        EventInput changes = documents.update(StrictJson.parseObject(request.body()), route.id());
        Set<EventField> fields = grammar.fieldset(parameters);
        Event changed = retry.run(() -> events.update(caller, id(route), changes));
        String self = Links.withQuery(request.baseUrl() + "/events/" + route.id(), Links.singleValues(parameters));
        return ApiResponse.document(200, DocumentWriter.single(changed, fields, request.baseUrl(), self));
    }

    private ApiResponse relationship(Caller caller, String baseUrl, Route route) {
        Event event = events.find(caller, id(route));
        String self = baseUrl + "/events/" + route.id() + "/relationships/" + route.relationship().jsonName();
        return ApiResponse.document(200, DocumentWriter.relationship(event, route.relationship(), self));
    }

    private ApiResponse relate(Caller caller, ApiRequest request, Route route) {
        String relatedId = documents.relationship(StrictJson.parseObject(request.body()), route.relationship());
        retry.run(() -> events.relate(caller, id(route), route.relationship(), relatedId));
        return ApiResponse.noContent();
    }

    private ApiResponse batch(Caller caller, ApiRequest request) {
        List<Operation> read = operations.read(caller, StrictJson.parseObject(request.body()));
        ApiResponse answer = write(caller, request, baseUrl -> {
            List<Event> results = batch.run(caller, read);
            if (results.stream().allMatch(result -> result == null)) {
                return ApiResponse.noContent();
            }
            return new ApiResponse(200, Map.of(), MediaTypes.JSON_API_ATOMIC, DocumentWriter.batchResults(results, baseUrl));
        });
        if (!answer.headers().containsKey(REPLAYED)) {
            metrics.batch(read.size());
            metrics.ingested((int) read.stream().filter(operation -> operation instanceof Operation.Add).count());
        }
        return answer;
    }

    /**
     * Runs a write (one transaction, run again on a conflict; given the base of its links) once per
     * Idempotency-Key: a retry gets the first answer back, on its own base ({@link StoredBase}).
     * Without a key, just runs it.
     */
    private ApiResponse write(Caller caller, ApiRequest request, Function<String, ApiResponse> write) {
        if (request.idempotencyKey() == null) {
            return retry.run(() -> write.apply(request.baseUrl()));
        }
        Idempotency.Outcome outcome = idempotency.run(caller.org(), request.idempotencyKey(), fingerprint(request), () -> {
            ApiResponse answer = write.apply(StoredBase.PLACEHOLDER);
            return new StoredAnswer(answer.status(), answer.headers().get("Location"), answer.contentType(), answer.body());
        });
        StoredAnswer answer = StoredBase.on(outcome.answer(), request.baseUrl());
        Map<String, String> headers = new LinkedHashMap<>();
        if (answer.location() != null) {
            headers.put("Location", answer.location());
        }
        if (outcome.replayed()) {
            metrics.replayed();
            headers.put(REPLAYED, "true");
        }
        return new ApiResponse(answer.status(), headers, answer.contentType(), answer.body());
    }

    /** What makes two requests the same: method, path, query and body. */
    private static byte[] fingerprint(ApiRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.method() + "\n" + request.path() + "\n" + request.parameters() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            if (request.body() != null) {
                digest.update(request.body());
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event a path names; a malformed id names none. */
    private static long id(Route route) {
        Long id = EventIds.parse(route.id());
        if (id == null) {
            throw ApiException.notFound();
        }
        return id;
    }

    /** Route-level rules for parameters; the parameters themselves are read by the query grammar. */
    private static Map<String, List<String>> parameters(Route route, ApiRequest request) {
        boolean listing = route.kind() == Route.Kind.COLLECTION
                && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD);
        for (Map.Entry<String, List<String>> parameter : request.parameters().entrySet()) {
            String name = parameter.getKey();
            if (parameter.getValue().size() > 1) {
                throw ApiException.atParameter(name, "repeated_parameter", name + " may be given only once.");
            }
            if (route.kind() == Route.Kind.STREAM) {
                if (!name.startsWith("filter[") && !name.equals("after")) {
                    throw ApiException.atParameter(name, "unknown_parameter",
                            "The stream takes the listing's filter[...] parameters and after, nothing else.");
                }
                continue;
            }
            boolean fields = name.startsWith("fields[") && (route.kind() == Route.Kind.COLLECTION || route.kind() == Route.Kind.ITEM);
            if (!listing && !fields) {
                throw ApiException.atParameter(name, "unknown_parameter", route.kind() == Route.Kind.RELATIONSHIP
                        || route.kind() == Route.Kind.OPERATIONS
                        ? "This endpoint takes no query parameters."
                        : "Only a listing (GET /events) takes filter, sort, page and include; here only fields[event] applies.");
            }
        }
        return request.parameters();
    }

    /** Links of a page, built from the request's own parameters; cursors point at its first and last event. */
    private DocumentWriter.PageLinks links(long org, SortKey sort, ListedPage page, String baseUrl, Map<String, String> all) {
        Map<String, String> parameters = new LinkedHashMap<>(all);
        parameters.remove("page[after]");
        parameters.remove("page[before]");
        String collection = baseUrl + "/events";
        List<Event> rows = page.events();
        String prev = null;
        String next = null;
        if (!rows.isEmpty() && page.hasPrev()) {
            prev = Links.withQuery(collection, with(parameters, "page[before]", cursor(org, sort, rows.get(0))));
        }
        if (!rows.isEmpty() && page.hasNext()) {
            next = Links.withQuery(collection, with(parameters, "page[after]", cursor(org, sort, rows.get(rows.size() - 1))));
        }
        return new DocumentWriter.PageLinks(Links.withQuery(collection, all), Links.withQuery(collection, parameters), prev, next);
    }

    private String cursor(long org, SortKey sort, Event event) {
        return cursors.encode(cursorAt(sort, org, event));
    }

    /** The position of an event in a sort of its org's events: what a cursor token carries. */
    static Cursor cursorAt(SortKey sort, long org, Event event) {
        List<Long> values = new ArrayList<>();
        sort.fields().forEach(field -> values.add(Micros.of((Instant) event.get(field))));
        return new Cursor(org, sort.signature(), values, event.id());
    }

    private static Map<String, String> with(Map<String, String> parameters, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(name, value);
        return copy;
    }
}
