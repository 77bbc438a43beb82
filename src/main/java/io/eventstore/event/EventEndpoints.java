package io.eventstore.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.crnk.core.queryspec.IncludeFieldSpec;
import io.crnk.core.queryspec.QuerySpec;
import io.eventstore.auth.Caller;
import io.eventstore.jsonapi.ApiResponse;
import io.eventstore.jsonapi.CrnkEngine;
import io.eventstore.jsonapi.Links;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hot paths ({@code GET /events}, {@code GET /events/{id}}, {@code POST /events}, also as
 * operations of a batch) answered without crnk's document machinery: queries are parsed by the
 * mapper crnk uses, events read and written by the same repository and service; only the
 * documents are read and written directly ({@link EventMapping#fromDocument},
 * {@link EventDocumentWriter}). EventDocumentParityTest holds them to crnk's documents.
 */
@Singleton
public class EventEndpoints {

    private final EventRepository repository;
    private final EventService service;
    private final CrnkEngine crnk;
    private final EventDocumentWriter writer;

    public EventEndpoints(EventRepository repository, EventService service, CrnkEngine crnk) {
        this.repository = repository;
        this.service = service;
        this.crnk = crnk;
        this.writer = new EventDocumentWriter(crnk.mapper());
    }

    public ApiResponse list(String baseUrl, Map<String, Set<String>> parameters) {
        QuerySpec spec = crnk.querySpec(Event.class, parameters);
        EventRepository.ListedPage page = repository.list(spec, baseUrl, Links.singleValues(parameters));
        byte[] body = writer.collection(page.rows(), fieldset(spec), baseUrl, page.links(), page.meta());
        return new ApiResponse(200, Map.of(), body);
    }

    public ApiResponse one(String id, String baseUrl, Map<String, Set<String>> parameters) {
        QuerySpec spec = crnk.querySpec(Event.class, parameters);
        EventRecord event = repository.findRecord(id);
        String self = Links.withQuery(baseUrl + "/events/" + id, Links.singleValues(parameters));
        return new ApiResponse(200, Map.of(), writer.single(event, fieldset(spec), baseUrl, self));
    }

    /**
     * {@code POST /events} with a document EventDocumentValidator has accepted: 201 with the stored
     * event. For an operation of a batch ({@code inBatch}) only the resource object is written.
     */
    public ApiResponse create(JsonNode document, String baseUrl, Map<String, Set<String>> parameters, boolean inBatch) {
        // the operations of a batch take no parameters: no query to parse for each of them
        Set<String> fields = parameters.isEmpty() ? null : fieldset(crnk.querySpec(Event.class, parameters));
        EventRecord created = service.createRecord(Caller.current().org(), EventMapping.fromDocument(document));
        Map<String, String> location = Map.of("Location", baseUrl + "/events/" + created.key().id());
        if (inBatch) {
            return new ApiResponse(201, location, null, writer.resource(created, fields, baseUrl));
        }
        byte[] body = writer.single(created, fields, baseUrl, Links.withQuery(baseUrl + "/events", Links.singleValues(parameters)));
        return new ApiResponse(201, location, body);
    }

    /** The names of {@code fields[event]}, or null when every field is wanted. */
    private static Set<String> fieldset(QuerySpec spec) {
        List<IncludeFieldSpec> included = spec.getIncludedFields();
        if (included.isEmpty()) {
            return null;
        }
        return included.stream().map(field -> field.getAttributePath().get(0)).collect(Collectors.toSet());
    }
}
