package io.eventstore.event;

import io.crnk.core.queryspec.IncludeFieldSpec;
import io.crnk.core.queryspec.QuerySpec;
import io.eventstore.jsonapi.ApiResponse;
import io.eventstore.jsonapi.CrnkEngine;
import io.eventstore.jsonapi.Links;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /events} and {@code GET /events/{id}}, the hot paths, answered without crnk's document
 * machinery: the query is parsed by the same mapper crnk uses and served by the same repository;
 * only the document is written directly ({@link EventDocumentWriter}).
 */
@Singleton
public class EventReads {

    private final EventRepository repository;
    private final CrnkEngine crnk;
    private final EventDocumentWriter writer;

    public EventReads(EventRepository repository, CrnkEngine crnk) {
        this.repository = repository;
        this.crnk = crnk;
        this.writer = new EventDocumentWriter(crnk.mapper());
    }

    public ApiResponse list(String baseUrl, Map<String, Set<String>> parameters) {
        QuerySpec spec = crnk.querySpec(Event.class, parameters);
        EventRepository.ListedPage page = repository.list(spec, baseUrl, flat(parameters));
        byte[] body = writer.collection(page.rows(), fieldset(spec), baseUrl, page.links(), page.meta());
        return new ApiResponse(200, Map.of(), body);
    }

    public ApiResponse one(String id, String baseUrl, Map<String, Set<String>> parameters) {
        QuerySpec spec = crnk.querySpec(Event.class, parameters);
        EventRecord event = repository.findRecord(id);
        String self = Links.withQuery(baseUrl + "/events/" + id, flat(parameters));
        return new ApiResponse(200, Map.of(), writer.single(event, fieldset(spec), baseUrl, self));
    }

    /** The names of {@code fields[event]}, or null when every field is wanted. */
    private static Set<String> fieldset(QuerySpec spec) {
        List<IncludeFieldSpec> included = spec.getIncludedFields();
        if (included.isEmpty()) {
            return null;
        }
        return included.stream().map(field -> field.getAttributePath().get(0)).collect(Collectors.toSet());
    }

    private static Map<String, String> flat(Map<String, Set<String>> parameters) {
        Map<String, String> flat = new LinkedHashMap<>();
        parameters.forEach((name, values) -> flat.put(name, values.iterator().next()));
        return flat;
    }
}
