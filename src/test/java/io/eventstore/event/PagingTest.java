package io.eventstore.event;

import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.eventstore.support.Api.events;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagingTest extends ApiTestBase {

    private static final int EVENTS = 250;
    private final String prospect = uniqueId("paged");
    private final List<String> newestFirst = new ArrayList<>();

    @BeforeAll
    void createEvents() {
        connect();
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            // groups of three share an eventAt, so ties must be broken by id across page edges
            created.add(api.create(event("e" + i).prospect(prospect).eventAt(start.plusSeconds(i / 3).toString())));
        }
        // expected order: eventAt descending, then id descending
        List<String> order = new ArrayList<>(created);
        order.sort((a, b) -> {
            int byTime = Integer.compare(created.indexOf(b) / 3, created.indexOf(a) / 3);
            return byTime != 0 ? byTime : Long.compare(Long.parseLong(b), Long.parseLong(a));
        });
        newestFirst.addAll(order);
    }

    @Test
    void walksForwardAndBackwardFindingEachEventOnce() {
        List<String> forward = new ArrayList<>();
        Reply page = api.get(events("filter[prospect][id]", prospect, "page[size]", "40")).assertStatus(200);
        assertNull(page.link("prev"), "the first page has no prev");
        assertTrue(page.json().path("links").has("prev"), "prev is present as null");
        String first = page.link("first");
        int pages = 1;
        while (true) {
            forward.addAll(page.ids());
            assertEquals(first, page.link("first"));
            if (page.link("next") == null) {
                break;
            }
            page = api.get(page.link("next")).assertStatus(200);
            pages++;
        }
        assertEquals(7, pages);
        assertEquals(newestFirst, forward);
        assertEquals(EVENTS, new HashSet<>(forward).size());

        List<String> backward = new ArrayList<>();
        while (true) {
            List<String> ids = new ArrayList<>(page.ids());
            Collections.reverse(ids);
            backward.addAll(ids);
            if (page.link("prev") == null) {
                break;
            }
            page = api.get(page.link("prev")).assertStatus(200);
        }
        Collections.reverse(backward);
        assertEquals(newestFirst, backward);
    }

    @Test
    void pagesInAscendingOrderToo() {
        List<String> ascending = new ArrayList<>(newestFirst);
        Collections.reverse(ascending);
        List<String> seen = new ArrayList<>();
        String next = events("filter[prospect][id]", prospect, "sort", "eventAt", "page[size]", "100");
        while (next != null) {
            Reply page = api.get(next).assertStatus(200);
            seen.addAll(page.ids());
            next = page.link("next");
        }
        assertEquals(ascending, seen);
    }

    @Test
    void totalsOnlyWhenAsked() {
        Reply without = api.get(events("filter[prospect][id]", prospect, "page[size]", "10"));
        assertFalse(without.json().path("meta").path("page").has("total"));
        Reply with = api.get(events("filter[prospect][id]", prospect, "page[size]", "10", "page[totals]", ""));
        assertEquals(EVENTS, with.json().path("meta").path("page").path("total").asInt());
        assertEquals(10, with.ids().size());
        assertTrue(with.link("next").contains("page%5Btotals%5D"), "links keep the request's parameters");
    }

    @Test
    void defaultAndMaximumPageSizes() {
        assertEquals(50, api.get(events("filter[prospect][id]", prospect)).ids().size());
        Reply tooBig = api.get(events("page[size]", "1001"));
        tooBig.assertError(400, "max_size_exceeded", "parameter", "page[size]");
        assertEquals(1000, tooBig.json().path("errors").path(0).path("meta").path("page").path("maxSize").asInt());
        assertEquals("https://jsonapi.org/profiles/ethanresnick/cursor-pagination/max-size-exceeded",
                tooBig.json().path("errors").path(0).path("links").path("type").asText(), tooBig.text());
        api.get(events("page[size]", "0")).assertErrorAtParameter(400, "page[size]");
        api.get(events("page[size]", "ten")).assertErrorAtParameter(400, "page[size]");
        api.get(events("page[size]", "99999999999999999999")).assertErrorAtParameter(400, "page[size]");
        api.get(events("page[number]", "2")).assertErrorAtParameter(400, "page[number]");
    }

    @Test
    void forgedOrForeignCursorsAreRefused() {
        Reply page = api.get(events("filter[prospect][id]", prospect, "page[size]", "5"));
        String next = page.link("next");
        assertNotNull(next);
        String cursor = java.net.URLDecoder.decode(next.replaceAll(".*page%5Bafter%5D=([^&]*).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);

        api.get(events("page[after]", "garbage")).assertError(400, "invalid_cursor", "parameter", "page[after]");
        String tampered = (cursor.charAt(0) == 'A' ? 'B' : 'A') + cursor.substring(1);
        api.get(events("page[after]", tampered)).assertError(400, "invalid_cursor", "parameter", "page[after]");
        api.get(events("page[after]", cursor, "sort", "eventAt")).assertError(400, "cursor_sort_mismatch", "parameter", "page[after]");
        Reply range = api.get(events("page[after]", cursor, "page[before]", cursor)).assertErrorAtParameter(400, "page[before]");
        assertEquals("https://jsonapi.org/profiles/ethanresnick/cursor-pagination/range-pagination-not-supported",
                range.json().path("errors").path(0).path("links").path("type").asText(), range.text());
        // the genuine cursor still works
        assertEquals(newestFirst.subList(5, 10), api.get(events("filter[prospect][id]", prospect, "page[size]", "5", "page[after]", cursor)).ids());
    }

    @Test
    void aPageBeyondTheEndIsEmptyWithoutNext() {
        Reply last = api.get(events("filter[prospect][id]", prospect, "sort", "eventAt", "page[size]", "1000"));
        assertEquals(EVENTS, last.ids().size());
        assertNull(last.link("next"));
        Set<String> links = new HashSet<>();
        last.json().path("links").fieldNames().forEachRemaining(links::add);
        assertEquals(Set.of("self", "first", "prev", "next"), links);
    }
}
