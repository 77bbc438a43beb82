package io.eventstore.event;

import io.eventstore.support.ApiTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.eventstore.support.Api.events;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SortTest extends ApiTestBase {

    @Test
    void newestFirstByDefaultAndEitherWayOnRequest() {
        String prospect = uniqueId("p");
        String mid = api.create(event("x").prospect(prospect).eventAt("2026-02-01T00:00:00Z"));
        String old = api.create(event("x").prospect(prospect).eventAt("2026-01-01T00:00:00Z"));
        String recent = api.create(event("x").prospect(prospect).eventAt("2026-03-01T00:00:00Z"));

        assertEquals(List.of(recent, mid, old), api.get(events("filter[prospect][id]", prospect)).ids());
        assertEquals(List.of(recent, mid, old), api.get(events("filter[prospect][id]", prospect, "sort", "-eventAt")).ids());
        assertEquals(List.of(old, mid, recent), api.get(events("filter[prospect][id]", prospect, "sort", "eventAt")).ids());
        assertEquals(List.of(mid, old, recent), api.get(events("filter[prospect][id]", prospect, "sort", "createdAt")).ids());
        assertEquals(List.of(recent, old, mid), api.get(events("filter[prospect][id]", prospect, "sort", "-updatedAt")).ids());
    }

    @Test
    void tiesAreBrokenByIdSoTheOrderIsTotal() {
        String prospect = uniqueId("p");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(api.create(event("x").prospect(prospect).eventAt("2026-05-05T05:05:05Z")));
        }
        List<String> ascending = new ArrayList<>(created);
        ascending.sort(Comparator.comparing(Long::parseLong));
        List<String> descending = new ArrayList<>(ascending);
        java.util.Collections.reverse(descending);
        assertEquals(descending, api.get(events("filter[prospect][id]", prospect)).ids());
        assertEquals(ascending, api.get(events("filter[prospect][id]", prospect, "sort", "eventAt")).ids());
        assertEquals(ascending, api.get(events("filter[prospect][id]", prospect, "sort", "-eventAt,createdAt")).ids());
    }

    @Test
    void unknownSortsAreRefused() {
        api.get(events("sort", "name")).assertError(400, "invalid_sort", "parameter", "sort");
        api.get(events("sort", "-eventAt,-eventAt")).assertErrorAtParameter(400, "sort");
        api.get(events("sort", "")).assertErrorAtParameter(400, "sort");
        api.get(events("sort", "prospect.id")).assertErrorAtParameter(400, "sort");
    }
}
