package io.eventstore.event;

import io.eventstore.support.ApiTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.HashSet;

import static io.eventstore.support.Api.events;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every filter family, alone and combined; each test uses related ids of its own. */
class FilterTest extends ApiTestBase {

    private static final List<String> RELATIONSHIPS = List.of("account", "call", "mailing", "opportunity", "prospect", "task", "user");

    private Set<String> ids(String path) {
        return new HashSet<>(api.get(path).assertStatus(200).ids());
    }

    @Test
    void everyRelationshipFiltersByOneIdOrAList() {
        for (String relationship : RELATIONSHIPS) {
            String a = uniqueId(relationship);
            String b = uniqueId(relationship);
            String c = uniqueId(relationship);
            String eventA = api.create(event("x").related(relationship, a));
            String eventB = api.create(event("x").related(relationship, b));
            api.create(event("x").related(relationship, c));

            assertEquals(Set.of(eventA), ids(events("filter[" + relationship + "][id]", a)), relationship);
            assertEquals(Set.of(eventA, eventB), ids(events("filter[" + relationship + "][id]", a + "," + b)), relationship);
            // the dotted form is the same filter
            assertEquals(Set.of(eventB), ids(events("filter[" + relationship + ".id]", b)), relationship);
        }
    }

    @Test
    void prospectFilterIsNotIgnored() {
        api.create(event("someone_else").prospect(uniqueId("p")));
        String mine = uniqueId("p");
        String id = api.create(event("mine").prospect(mine));
        assertEquals(List.of(id), api.get(events("filter[prospect][id]", mine)).ids());
        assertEquals(List.of(), api.get(events("filter[prospect][id]", uniqueId("nobody"))).ids());
    }

    @Test
    void filtersCombineWithAndAcrossParameters() {
        String prospect = uniqueId("p");
        String account = uniqueId("a");
        String both = api.create(event("opened").prospect(prospect).related("account", account));
        api.create(event("opened").prospect(prospect));
        api.create(event("clicked").prospect(prospect).related("account", account));
        assertEquals(Set.of(both), ids(events("filter[prospect][id]", prospect, "filter[account][id]", account, "filter[name]", "opened")));
    }

    @Test
    void idAndNameFilters() {
        String prospect = uniqueId("p");
        String opened = api.create(event("opened").prospect(prospect));
        String clicked = api.create(event("clicked").prospect(prospect));
        api.create(event("bounced").prospect(prospect));
        assertEquals(Set.of(opened, clicked), ids(events("filter[prospect][id]", prospect, "filter[name]", "opened,clicked")));
        assertEquals(Set.of(clicked), ids(events("filter[id]", clicked)));
        assertEquals(Set.of(opened, clicked), ids(events("filter[id]", opened + "," + clicked)));
        assertEquals(Set.of(), ids(events("filter[prospect][id]", prospect, "filter[name]", "OPENED")), "names match exactly");
    }

    @Test
    void timeRangesInBothSyntaxes() {
        String prospect = uniqueId("p");
        String jan = api.create(event("x").prospect(prospect).eventAt("2026-01-15T12:00:00Z"));
        String feb = api.create(event("x").prospect(prospect).eventAt("2026-02-15T12:00:00Z"));
        String mar = api.create(event("x").prospect(prospect).eventAt("2026-03-15T12:00:00Z"));

        assertEquals(Set.of(jan, feb), ids(events("filter[prospect][id]", prospect, "filter[eventAt]", "2026-01-15T12:00:00Z..2026-02-15T12:00:00Z")), "inclusive");
        assertEquals(Set.of(feb, mar), ids(events("filter[prospect][id]", prospect, "filter[eventAt]", "2026-02-01T00:00:00+01:00..inf")));
        assertEquals(Set.of(jan), ids(events("filter[prospect][id]", prospect, "filter[eventAt]", "neginf..2026-02-01T00:00:00Z")));
        assertEquals(Set.of(mar), ids(events("filter[prospect][id]", prospect, "filter[eventAt][gt]", "2026-02-15T12:00:00Z")));
        assertEquals(Set.of(feb, mar), ids(events("filter[prospect][id]", prospect, "filter[eventAt][gte]", "2026-02-15T12:00:00Z")));
        assertEquals(Set.of(jan), ids(events("filter[prospect][id]", prospect, "filter[eventAt][lt]", "2026-02-15T12:00:00Z")));
        assertEquals(Set.of(jan, feb), ids(events("filter[prospect][id]", prospect, "filter[eventAt][lte]", "2026-02-15T12:00:00Z")));
        assertEquals(Set.of(feb), ids(events("filter[prospect][id]", prospect,
                "filter[eventAt][gt]", "2026-01-15T12:00:00Z", "filter[eventAt][lt]", "2026-03-15T12:00:00Z")));
        // an unencoded '+' of an offset arrives as a space and is read as '+'
        assertEquals(Set.of(feb, mar), ids("/events?filter%5Bprospect%5D%5Bid%5D=" + prospect
                + "&filter%5BeventAt%5D%5Bgte%5D=2026-02-15T13:00:00+01:00"));
    }

    @Test
    void createdAtAndUpdatedAtRanges() {
        String prospect = uniqueId("p");
        String first = api.create(event("x").prospect(prospect));
        String createdAt = api.get("/events/" + first).attributes().path("createdAt").asText();
        String second = api.create(event("x").prospect(prospect));
        assertEquals(Set.of(first, second), ids(events("filter[prospect][id]", prospect, "filter[createdAt]", createdAt + "..inf")));
        assertEquals(Set.of(first), ids(events("filter[prospect][id]", prospect, "filter[createdAt][lte]", createdAt)));
        assertEquals(Set.of(first, second), ids(events("filter[prospect][id]", prospect, "filter[updatedAt][gte]", createdAt)));
    }

    @Test
    void malformedFiltersAreRefusedNamingTheParameter() {
        api.get(events("filter[company][id]", "1")).assertError(400, "unknown_filter", "parameter", "filter[company][id]");
        api.get(events("filter[prospect]", "1")).assertErrorAtParameter(400, "filter[prospect]");
        api.get(events("filter[prospect][name]", "1")).assertErrorAtParameter(400, "filter[prospect][name]");
        api.get(events("filter[eventAt][between]", "2026-01-01T00:00:00Z")).assertErrorAtParameter(400, "filter[eventAt][between]");
        api.get(events("filter[eventAt]", "2026-01-01")).assertErrorAtParameter(400, "filter[eventAt]");
        api.get(events("filter[eventAt]", "2026-02-01T00:00:00Z..2026-01-01T00:00:00Z")).assertErrorAtParameter(400, "filter[eventAt]");
        api.get(events("filter[eventAt][gte]", "tomorrow")).assertErrorAtParameter(400, "filter[eventAt][gte]");
        api.get(events("filter[id]", "abc")).assertErrorAtParameter(400, "filter[id]");
        api.get(events("filter[name]", "a,,b")).assertErrorAtParameter(400, "filter[name]");
        api.get(events("filter[prospect][id]", "")).assertErrorAtParameter(400, "filter[prospect][id]");
        api.get(events("filter[prospect][id]", "x".repeat(65))).assertErrorAtParameter(400, "filter[prospect][id]");
        api.get("/events?filter%5Bname%5D=a&filter%5Bname%5D=b").assertError(400, "repeated_parameter", "parameter", "filter[name]");
    }
}
