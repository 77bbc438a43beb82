package io.eventstore.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.support.ApiTestBase;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static io.eventstore.support.Api.events;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FieldsetTest extends ApiTestBase {

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void onlyTheRequestedFieldsAreReturned() {
        String prospect = uniqueId("p");
        String id = api.create(event("x").prospect(prospect).payload("{\"a\":1}").related("account", "a-1"));

        JsonNode listed = api.get(events("filter[prospect][id]", prospect, "fields[event]", "name,eventAt,prospect")).data().path(0);
        assertEquals(Set.of("name", "eventAt"), names(listed.path("attributes")));
        assertEquals(Set.of("prospect"), names(listed.path("relationships")));
        assertEquals(id, listed.path("id").asText());

        JsonNode single = api.get("/events/" + id + "?fields%5Bevent%5D=payload").data();
        assertEquals(Set.of("payload"), names(single.path("attributes")));
        assertFalse(single.has("relationships") && single.path("relationships").size() > 0);

        JsonNode none = api.get("/events/" + id + "?fields%5Bevent%5D=").data();
        assertEquals(id, none.path("id").asText());
        assertEquals(0, none.path("attributes").size());
    }

    @Test
    void unknownFieldsAndTypesAreRefused() {
        api.get(events("fields[event]", "color")).assertError(400, "invalid_fields", "parameter", "fields[event]");
        api.get(events("fields[event]", "id")).assertErrorAtParameter(400, "fields[event]");
        api.get(events("fields[prospect]", "name")).assertErrorAtParameter(400, "fields[prospect]");
        api.get(events("fields", "name")).assertErrorAtParameter(400, "fields");
    }
}
