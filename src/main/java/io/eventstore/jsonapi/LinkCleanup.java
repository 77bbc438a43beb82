package io.eventstore.jsonapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crnk.core.engine.dispatcher.Response;
import io.crnk.core.engine.document.Document;
import io.crnk.core.engine.document.Relationship;
import io.crnk.core.engine.document.Resource;
import io.crnk.core.engine.filter.DocumentFilter;
import io.crnk.core.engine.filter.DocumentFilterChain;
import io.crnk.core.engine.filter.DocumentFilterContext;

import java.util.List;

/**
 * Last touches on every document crnk writes: the service emits only links it serves, so the
 * {@code related} links crnk adds to each relationship go (related resources are not held here),
 * and the document declares JSON:API 1.1.
 */
final class LinkCleanup implements DocumentFilter {

    /** The {@code jsonapi} member of every document the service writes (read only, never changed). */
    static final ObjectNode JSON_API_VERSION = JsonNodeFactory.instance.objectNode().put("version", "1.1");

    @Override
    public Response filter(DocumentFilterContext context, DocumentFilterChain chain) {
        Response response = chain.doFilter(context);
        Document document = response == null ? null : response.getDocument();
        if (document == null) {
            return response;
        }
        document.setJsonapi(JSON_API_VERSION);
        removeRelated(document.getLinks());
        if (document.getData() != null && document.getData().isPresent()) {
            Object data = document.getData().get();
            if (data instanceof Resource resource) {
                clean(resource);
            } else if (data instanceof List<?> resources) {
                resources.forEach(item -> {
                    if (item instanceof Resource resource) {
                        clean(resource);
                    }
                });
            }
        }
        return response;
    }

    private static void clean(Resource resource) {
        for (Relationship relationship : resource.getRelationships().values()) {
            removeRelated(relationship.getLinks());
        }
    }

    private static void removeRelated(ObjectNode links) {
        if (links != null) {
            links.remove("related");
        }
    }
}
