package io.eventstore.crnk;

import io.eventstore.error.ApiException;
import io.eventstore.event.EventField;
import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.CursorCodec;
import io.eventstore.event.query.Filter;
import io.eventstore.event.query.SortKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The query-string grammar, run by crnk, into our typed query; every refusal names its parameter. */
class QueryGrammarTest {

    private final CursorCodec cursors = new CursorCodec("grammar test key".getBytes(StandardCharsets.UTF_8));
    private final QueryGrammar grammar = new QueryGrammar(cursors, 50, 1000);

    private QueryGrammar.Listing listing(String... namesAndValues) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return grammar.listing(parameters);
    }

    @Test
    void noParametersIsTheNewestFirstFirstPageOfFifty() {
        QueryGrammar.Listing listing = listing();
        assertEquals(List.of(), listing.query().filters());
        assertEquals(SortKey.NEWEST_FIRST, listing.query().sort());
        assertEquals(50, listing.query().page().size());
        assertNull(listing.query().page().boundary());
        assertNull(listing.fields());
    }

    @Test
    void filtersBecomeTypedConditions() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-02-01T00:00:00.123456Z");
        List<Filter> filters = listing("filter[prospect][id]", "p-1,p-2", "filter[account.id]", "a", "filter[id]", "5,6",
                "filter[name]", "email_opened", "filter[eventAt]", "2026-01-01T01:00:00+01:00..2026-02-01T00:00:00.1234567Z",
                "filter[createdAt][gt]", "2026-01-01T00:00:00Z", "filter[updatedAt]", "neginf..2026-02-01T00:00:00Z")
                .query().filters();
        assertEquals(List.of(
                new Filter.In(EventField.PROSPECT, List.of("p-1", "p-2")),
                new Filter.In(EventField.ACCOUNT, List.of("a")),
                new Filter.In(EventField.ID, List.of(5L, 6L)),
                new Filter.In(EventField.NAME, List.of("email_opened")),
                new Filter.Range(EventField.EVENT_AT, from, true, null, false),
                new Filter.Range(EventField.EVENT_AT, null, false, to, true),
                new Filter.Range(EventField.CREATED_AT, from, false, null, false),
                new Filter.Range(EventField.UPDATED_AT, null, false, Instant.parse("2026-02-01T00:00:00Z"), true)), filters);
    }

    @Test
    void sortPageAndFieldsets() {
        QueryGrammar.Listing listing = listing("sort", "createdAt,-updatedAt", "page[size]", "7", "page[totals]", "",
                "fields[event]", "name,prospect");
        assertEquals(new SortKey(List.of(EventField.CREATED_AT, EventField.UPDATED_AT), List.of(false, true)), listing.query().sort());
        assertEquals(7, listing.query().page().size());
        assertTrue(listing.query().page().totals());
        assertEquals(EnumSet.of(EventField.NAME, EventField.PROSPECT), listing.fields());
        assertEquals(EnumSet.noneOf(EventField.class), listing("fields[event]", "").fields());
        Cursor cursor = new Cursor(1, "-eventAt", List.of(5L), 9L);
        assertEquals(cursor, listing("page[after]", cursors.encode(cursor)).query().page().after());
    }

    @ParameterizedTest(name = "{0}={1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "filter[colour] | red | filter[colour] | unknown_filter",
            "filter[prospect] | 1 | filter[prospect] | unknown_filter",
            "filter[prospect][name] | 1 | filter[prospect][name] | unknown_filter",
            "filter[payload] | 1 | filter[payload] | unknown_filter",
            "filter[id] | abc | filter[id] | invalid_filter",
            "filter[id] | -1 | filter[id] | invalid_filter",
            "filter[name] | a,,b | filter[name] | invalid_filter",
            "filter[eventAt] | yesterday | filter[eventAt] | invalid_filter",
            "filter[eventAt] | 2026-02-01T00:00:00Z..2026-01-01T00:00:00Z | filter[eventAt] | invalid_filter",
            "filter[eventAt][between] | x | filter[eventAt][between] | unknown_filter",
            "filter[name][gte] | x | filter[name][gte] | unknown_filter",
            "sort | name | sort | invalid_sort",
            "sort | eventAt,-eventAt | sort | invalid_sort",
            "page[size] | 0 | page[size] | invalid_page_size",
            "page[size] | 1001 | page[size] | max_size_exceeded",
            "page[number] | 2 | page[number] | unknown_parameter",
            "page[totals] | yes | page[totals] | invalid_totals",
            "page[after] | forged | page[after] | invalid_cursor",
            "fields[event] | colour | fields[event] | invalid_fields",
            "fields[prospect] | id | fields[prospect] | unknown_parameter",
            "include | prospect | include | include_not_supported",
            "limit | 5 | limit | unknown_parameter"})
    void refusalsNameTheParameter(String name, String value, String parameter, String code) {
        ApiException refusal = assertThrows(ApiException.class, () -> listing(name, value));
        assertEquals(400, refusal.status());
        assertEquals(code, refusal.code());
        assertEquals(parameter, refusal.source().parameter());
    }

    @Test
    void aListOfMoreThanAThousandValuesIsRefused() {
        String ids = String.join(",", java.util.Collections.nCopies(1001, "p"));
        assertEquals("filter_list_too_long", assertThrows(ApiException.class, () -> listing("filter[prospect][id]", ids)).code());
    }
}
