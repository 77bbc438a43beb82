package io.eventstore.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.crnk.QueryGrammar;
import io.eventstore.error.ApiException;
import io.eventstore.event.query.Filter;
import io.eventstore.webhook.ChangeFilters;
import io.eventstore.webhook.HookFilter;
import io.eventstore.webhooks.WebhookInput;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads webhook documents into checked input. A hook's {@code filter} is the listing's filter
 * parameters as an object ({@code {"name": "a,b", "prospect": {"id": "42"}}} is
 * {@code filter[name]=a,b&filter[prospect][id]=42}; a list of strings stands for its values joined
 * by commas), read by the listing's own grammar, so a hook takes every filter a listing takes and
 * refuses what it refuses, at the member's pointer. The same grammar reads stored filters for the
 * deliveries ({@link ChangeFilters}).
 */
@Singleton
final class WebhookDocumentReader implements ChangeFilters {

    private static final Set<String> TOP_LEVEL = Set.of("data", "meta", "jsonapi", "links");
    private static final Set<String> RESOURCE = Set.of("type", "id", "attributes", "meta", "links");
    private static final Set<String> ATTRIBUTES = Set.of("url", "active", "filter");
    private static final Set<String> READ_ONLY = Set.of("disabledReason", "secret", "previousSecretExpiresAt", "createdAt", "updatedAt");
    private static final String FILTER_POINTER = "/data/attributes/filter";

    private final QueryGrammar grammar;

    WebhookDocumentReader(QueryGrammar grammar) {
        this.grammar = grammar;
    }

    WebhookInput create(JsonNode document) {
        JsonNode data = data(document);
        if (data.has("id")) {
            throw ApiException.atPointer(403, "client_id_not_supported", "Forbidden",
                    "This service generates webhook ids; leave out data.id.", "/data/id");
        }
        return attributes(data);
    }

    WebhookInput update(JsonNode document, String id) {
        JsonNode data = data(document);
        JsonNode bodyId = data.get("id");
        if (bodyId == null || !bodyId.isTextual()) {
            throw ApiException.atPointer(400, "invalid_document", "Invalid document", "data.id is required and must be a string.", "/data/id");
        }
        if (!bodyId.asText().equals(id)) {
            throw ApiException.atPointer(409, "id_mismatch", "Conflict", "data.id does not match the URL's id.", "/data/id");
        }
        return attributes(data);
    }

    @Override
    public List<Filter> read(HookFilter filter) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        filter.parameters().forEach((name, value) -> parameters.put(name, List.of(value)));
        return grammar.filters(parameters);
    }

    private static JsonNode data(JsonNode document) {
        EventDocumentReader.checkMembers(document, TOP_LEVEL, "");
        JsonNode data = document.get("data");
        if (data == null || !data.isObject()) {
            throw invalid("/data", "data must be a single resource object.");
        }
        EventDocumentReader.checkMembers(data, RESOURCE, "/data");
        JsonNode type = data.get("type");
        if (type == null || !type.isTextual()) {
            throw invalid("/data/type", "data.type is required and must be a string.");
        }
        if (!WebhookWriter.WEBHOOK.equals(type.asText())) {
            throw ApiException.atPointer(409, "type_mismatch", "Conflict", "This collection holds resources of type 'webhook'.", "/data/type");
        }
        return data;
    }

    private WebhookInput attributes(JsonNode data) {
        JsonNode attributes = data.get("attributes");
        if (attributes == null) {
            return new WebhookInput(null, null, null);
        }
        if (!attributes.isObject()) {
            throw invalid("/data/attributes", "attributes must be an object.");
        }
        for (Iterator<String> names = attributes.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (READ_ONLY.contains(name)) {
                throw ApiException.atPointer(403, "read_only", "Forbidden", name + " is set by the server.", "/data/attributes/" + name);
            }
            if (!ATTRIBUTES.contains(name)) {
                throw invalid("/data/attributes/" + name.replace("~", "~0").replace("/", "~1"),
                        "'" + name + "' is not an attribute of a webhook (url, active, filter).");
            }
        }
        String url = null;
        if (attributes.has("url")) {
            JsonNode value = attributes.get("url");
            if (!value.isTextual()) {
                throw type("/data/attributes/url", "url must be a string.");
            }
            url = value.asText();
        }
        Boolean active = null;
        if (attributes.has("active")) {
            JsonNode value = attributes.get("active");
            if (!value.isBoolean()) {
                throw type("/data/attributes/active", "active must be true or false.");
            }
            active = value.asBoolean();
        }
        HookFilter filter = attributes.has("filter") ? filter(attributes.get("filter")) : null;
        return new WebhookInput(url, filter, active);
    }

    /** The filter object as listing parameters, checked by the listing's grammar. */
    private HookFilter filter(JsonNode value) {
        if (value.isNull()) {
            return HookFilter.NONE;
        }
        if (!value.isObject()) {
            throw type(FILTER_POINTER, "filter must be an object of the listing's filters, such as {\"name\": \"email_opened\"}.");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> pointers = new LinkedHashMap<>();
        flatten(value, "filter", FILTER_POINTER, parameters, pointers, 0);
        HookFilter filter = new HookFilter(parameters);
        try {
            read(filter);
        } catch (ApiException refused) {
            String parameter = refused.source().parameter();
            String pointer = parameter != null && pointers.containsKey(parameter) ? pointers.get(parameter) : FILTER_POINTER;
            throw ApiException.atPointer(422, refused.code(), refused.title(), refused.detail(), pointer);
        }
        return filter;
    }

    private static void flatten(JsonNode node, String name, String pointer, Map<String, String> parameters,
                                Map<String, String> pointers, int depth) {
        if (depth > 3) {
            throw invalid(pointer, "A filter is at most three levels deep, as filter[prospect][id] is two.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            String key = member.getKey();
            String at = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
            if (key.isEmpty() || key.contains("[") || key.contains("]")) {
                throw invalid(at, "A filter's member names are the listing's, without brackets (\"prospect\": {\"id\": ...}).");
            }
            String parameter = name + "[" + key + "]";
            JsonNode value = member.getValue();
            if (value.isObject()) {
                flatten(value, parameter, at, parameters, pointers, depth + 1);
            } else if (value.isTextual()) {
                parameters.put(parameter, value.asText());
                pointers.put(parameter, at);
            } else if (value.isArray() && !value.isEmpty()) {
                List<String> values = new ArrayList<>();
                for (JsonNode element : value) {
                    if (!element.isTextual()) {
                        throw type(at, "A filter's list holds strings.");
                    }
                    values.add(element.asText());
                }
                parameters.put(parameter, String.join(",", values));
                pointers.put(parameter, at);
            } else {
                throw type(at, "A filter's value is a string (as in the listing's query) or a non-empty list of strings.");
            }
        }
    }

    private static ApiException invalid(String pointer, String detail) {
        return ApiException.atPointer(400, "invalid_document", "Invalid document", detail, pointer);
    }

    private static ApiException type(String pointer, String detail) {
        return ApiException.atPointer(400, "invalid_type", "Wrong JSON type", detail, pointer);
    }
}
