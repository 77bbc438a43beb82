package io.eventstore.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.api.Links;
import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.eventstore.support.Api.events;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /event-counts}: groups, periods in time zones, agreement with the listing's totals, refusals. */
class EventCountsTest extends ApiTestBase {

    static String counts(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Links.withQuery("/event-counts", parameters);
    }

    /** The groups of an answer as "key|key|...=count", keys in the answer's order. */
    private static Map<String, Long> groups(Reply reply, String... keys) {
        Map<String, Long> groups = new LinkedHashMap<>();
        for (JsonNode group : reply.data()) {
            assertEquals("event-count", group.path("type").asText());
            StringBuilder key = new StringBuilder();
            for (String name : keys) {
                JsonNode value = group.path("attributes").has(name) ? group.path("attributes").path(name)
                        : group.path("relationships").path(name).path("data").path("id");
                key.append(key.isEmpty() ? "" : "|").append(value.isMissingNode() ? "-" : value.asText());
            }
            groups.put(key.toString(), group.path("attributes").path("count").asLong());
        }
        return groups;
    }

    private long listingTotal(String... filters) {
        String[] parameters = new String[filters.length + 2];
        System.arraycopy(filters, 0, parameters, 0, filters.length);
        parameters[filters.length] = "page[totals]";
        parameters[filters.length + 1] = "";
        return api.get(events(parameters)).assertStatus(200).json().path("meta").path("page").path("total").asLong();
    }

    @Test
    void aProspectsEventsPerNamePerDayAgreeWithTheListingsTotals() {
        String prospect = uniqueId("p");
        String[][] made = {
            {"email_opened", "2026-11-01T08:00:00Z"}, {"email_opened", "2026-11-01T23:59:59.999999Z"},
            {"link_clicked", "2026-11-01T12:00:00Z"}, {"email_opened", "2026-11-02T00:00:00Z"},
            {"call_logged", "2026-11-03T10:00:00Z"}, {"email_opened", "2026-08-01T10:00:00Z"}};
        for (String[] event : made) {
            api.create(event(event[0]).eventAt(event[1]).prospect(prospect));
        }
        api.create(event("email_opened").eventAt("2026-11-01T09:00:00Z").prospect(uniqueId("other")));

        Reply reply = api.get(counts("filter[prospect][id]", prospect, "filter[eventAt]", "2026-10-01T00:00:00Z..2026-12-01T00:00:00Z",
                "group", "name,day")).assertStatus(200);
        assertEquals(Api.JSON_API, reply.header("Content-Type"));
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("email_opened|2026-11-01", 2L); // ordered by day, then name
        expected.put("link_clicked|2026-11-01", 1L);
        expected.put("email_opened|2026-11-02", 1L);
        expected.put("call_logged|2026-11-03", 1L);
        assertEquals(expected, groups(reply, "name", "day"));
        assertEquals(5, reply.json().path("meta").path("total").asLong());
        assertTrue(reply.link("self").contains("/event-counts?"), reply.text());

        // every group is what the listing counts with the same filters, narrowed to the group
        for (JsonNode group : reply.data()) {
            String day = group.path("attributes").path("day").asText();
            assertEquals(group.path("attributes").path("count").asLong(), listingTotal("filter[prospect][id]", prospect,
                    "filter[name]", group.path("attributes").path("name").asText(),
                    "filter[eventAt]", day + "T00:00:00Z.." + day + "T23:59:59.999999Z"));
        }
        assertEquals(5, listingTotal("filter[prospect][id]", prospect, "filter[eventAt]", "2026-10-01T00:00:00Z..2026-12-01T00:00:00Z"));
        assertEquals(6, groups(api.get(counts("filter[prospect][id]", prospect, "group", "name")).assertStatus(200), "name")
                .values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void periodsFollowTheTimeZoneAcrossASummerTimeChange() {
        String prospect = uniqueId("p");
        // Paris leaves summer time at 2026-10-25T01:00Z (UTC+2 before, UTC+1 after)
        api.create(event("a").eventAt("2026-10-24T22:30:00Z").prospect(prospect)); // Paris: 25 Oct 00:30
        api.create(event("a").eventAt("2026-10-25T22:30:00Z").prospect(prospect)); // Paris: 25 Oct 23:30
        api.create(event("a").eventAt("2026-10-25T23:30:00Z").prospect(prospect)); // Paris: 26 Oct 00:30
        api.create(event("a").eventAt("2026-10-31T23:30:00Z").prospect(prospect)); // Paris: 1 Nov 00:30 (a Sunday)
        String range = "2026-10-20T00:00:00Z..2026-11-10T00:00:00Z";

        assertEquals(Map.of("2026-10-25", 2L, "2026-10-26", 1L, "2026-11-01", 1L), groups(api.get(counts(
                "filter[prospect][id]", prospect, "filter[eventAt]", range, "group", "day", "tz", "Europe/Paris")).assertStatus(200), "day"));
        assertEquals(Map.of("2026-10-24", 1L, "2026-10-25", 2L, "2026-10-31", 1L), groups(api.get(counts(
                "filter[prospect][id]", prospect, "filter[eventAt]", range, "group", "day")).assertStatus(200), "day"));
        // weeks start on Monday: 19 Oct and 26 Oct in Paris
        assertEquals(Map.of("2026-10-19", 2L, "2026-10-26", 2L), groups(api.get(counts(
                "filter[prospect][id]", prospect, "group", "week", "tz", "Europe/Paris")).assertStatus(200), "week"));
        assertEquals(Map.of("2026-10", 3L, "2026-11", 1L), groups(api.get(counts(
                "filter[prospect][id]", prospect, "group", "month", "tz", "Europe/Paris")).assertStatus(200), "month"));
        assertEquals(Map.of("2026-10", 4L), groups(api.get(counts(
                "filter[prospect][id]", prospect, "group", "month")).assertStatus(200), "month"));
        // a zone with a half-hour offset
        assertEquals(Map.of("2026-10-25", 1L, "2026-10-26", 2L, "2026-11-01", 1L), groups(api.get(counts(
                "filter[prospect][id]", prospect, "group", "day", "tz", "Asia/Kolkata")).assertStatus(200), "day"));
    }

    @Test
    void groupsByARelationshipIncludingEventsWithoutOne() {
        String name = uniqueId("n");
        String account = uniqueId("acc");
        api.create(event(name).related("account", account));
        api.create(event(name).related("account", account));
        api.create(event(name));
        Reply reply = api.get(counts("filter[name]", name, "group", "account,name")).assertStatus(200);
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("-|" + name, 1L); // no account: linkage null, first
        expected.put(account + "|" + name, 2L);
        assertEquals(expected, groups(reply, "account", "name"));
        JsonNode none = reply.data().get(0).path("relationships").path("account").path("data");
        assertTrue(none.isNull(), reply.text());
        JsonNode some = reply.data().get(1).path("relationships").path("account").path("data");
        assertEquals("account", some.path("type").asText());

        // sparse fieldset: only the count
        JsonNode onlyCount = api.get(counts("filter[name]", name, "group", "account", "fields[event-count]", "count"))
                .assertStatus(200).data().get(0);
        assertFalse(onlyCount.has("relationships"), onlyCount.toString());
        assertEquals(1, onlyCount.path("attributes").size());
    }

    @Test
    void anotherOrgsEventsAreNeverCountedAndScopesApply() {
        String name = uniqueId("n");
        api.create(event(name));
        long otherOrg = newOrg();
        Api other = api.as(token(otherOrg, Scope.ALL));
        other.create(event(name));
        other.create(event(name));
        assertEquals(Map.of(name, 1L), groups(api.get(counts("filter[name]", name, "group", "name")).assertStatus(200), "name"));
        assertEquals(Map.of(name, 2L), groups(other.get(counts("filter[name]", name, "group", "name")).assertStatus(200), "name"));

        api.as(token(org, Scope.READ)).get(counts("filter[name]", name, "group", "name")).assertStatus(200);
        api.as(token(org, Scope.WEBHOOKS_READ)).get(counts("group", "name")).assertError(403, "insufficient_scope", null, null);
        api.anonymous().get(counts("group", "name")).assertStatus(401);
    }

    @Test
    void badParametersAreRefusedAtTheirParameter() {
        api.get(counts()).assertError(400, "missing_group", "parameter", "group");
        api.get(counts("group", "colour")).assertError(400, "invalid_group", "parameter", "group");
        api.get(counts("group", "day,week")).assertError(400, "invalid_group", "parameter", "group");
        api.get(counts("group", "prospect,account")).assertError(400, "invalid_group", "parameter", "group");
        api.get(counts("group", "name,")).assertError(400, "invalid_group", "parameter", "group");
        api.get(counts("group", "day", "tz", "Mars/Olympus")).assertError(400, "invalid_time_zone", "parameter", "tz");
        api.get(counts("group", "name", "tz", "Europe/Paris")).assertError(400, "invalid_time_zone", "parameter", "tz");
        api.get(counts("group", "name", "filter[colour]", "x")).assertErrorAtParameter(400, "filter[colour]");
        api.get(counts("group", "name", "sort", "-count")).assertError(400, "unknown_parameter", "parameter", "sort");
        api.get(counts("group", "name", "fields[event-count]", "weight")).assertError(400, "invalid_fields", "parameter",
                "fields[event-count]");
        api.get(counts("group", "name", "fields[event]", "name")).assertErrorAtParameter(400, "fields[event]");
        api.send("GET", counts("group", "name"), Map.of("Accept", "application/vnd.api+json; charset=utf-8"), null)
                .assertStatus(406);
        api.send("POST", counts("group", "name"), Map.of("Content-Type", Api.JSON_API), "{}").assertStatus(405);
    }
}
