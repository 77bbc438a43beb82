package io.eventstore.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.api.Links;
import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Await;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eventstore.support.Api.events;
import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /event-names}: counts, first and last eventAt and payload properties kept from the
 * change feed through creates, deletes, renames and batches; filtered, sorted and paged; per org.
 */
class EventNameCatalogTest extends ApiTestBase {

    static String names(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Links.withQuery("/event-names", parameters);
    }

    static String path(String name) {
        return "/event-names/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Waits until the name's entry is there with this count (the catalog follows the feed after
     * commit, and the feed gives positions after commit too), then answers it.
     */
    static JsonNode awaitCount(Api client, String name, long count) throws Exception {
        Reply reply = Await.until(Duration.ofSeconds(30), () -> client.get(path(name)),
                r -> r.status() == 200 && r.attributes().path("count").asLong() == count);
        assertEquals(count, reply.assertStatus(200).attributes().path("count").asLong(), reply.text());
        return reply.data();
    }

    private void awaitGone(String name) throws Exception {
        Await.until(Duration.ofSeconds(30), () -> api.get(path(name)), r -> r.status() == 404)
                .assertError(404, "not_found", null, null);
    }

    private JsonNode name(String name) {
        return api.get(path(name)).assertStatus(200).data();
    }

    @Test
    void countsBoundsAndPropertiesFollowCreatesDeletesRenamesAndBatches() throws Exception {
        String opened = uniqueId("opened");
        String clicked = uniqueId("clicked");
        String first = api.create(event(opened).eventAt("2026-01-01T10:00:00Z").payload("{\"messageId\":\"m-1\",\"opens\":1}"));
        api.create(event(opened).eventAt("2026-03-01T10:00:00Z").payload("{\"messageId\":\"m-2\",\"opens\":\"two\","
                + "\"links\":[{\"url\":\"https://a\"},\"x\"],\"meta\":{\"client\":{\"os\":\"mac\"}}}"));
        AtomicBatch batch = new AtomicBatch();
        for (int i = 0; i < 3; i++) {
            batch.add(event(clicked).eventAt("2026-02-0" + (i + 1) + "T00:00:00Z").payload("{\"url\":\"https://x/" + i + "\"}"));
        }
        batch.add(event(opened).eventAt("2026-02-15T00:00:00Z"));
        batch.send(api).assertStatus(200);
        awaitCount(api, clicked, 3);

        JsonNode openedName = awaitCount(api, opened, 3);
        assertEquals("event-name", openedName.path("type").asText());
        assertEquals(opened, openedName.path("id").asText());
        JsonNode attributes = openedName.path("attributes");
        assertEquals(3, attributes.path("count").asLong());
        assertEquals("2026-01-01T10:00:00Z", attributes.path("firstEventAt").asText());
        assertEquals("2026-03-01T10:00:00Z", attributes.path("lastEventAt").asText());
        JsonNode properties = attributes.path("properties");
        assertEquals(2, properties.path("messageId").path("string").asLong());
        assertEquals(1, properties.path("opens").path("number").asLong());
        assertEquals(1, properties.path("opens").path("string").asLong());
        assertEquals(1, properties.path("links").path("array").asLong());
        assertEquals(1, properties.path("links[]").path("object").asLong());
        assertEquals(1, properties.path("links[]").path("string").asLong());
        assertEquals(1, properties.path("links[].url").path("string").asLong());
        assertEquals(1, properties.path("meta.client.os").path("string").asLong());
        assertFalse(attributes.path("propertiesTruncated").asBoolean());
        assertEquals(3, name(clicked).path("attributes").path("count").asLong());
        assertEquals(3, name(clicked).path("attributes").path("properties").path("url").path("string").asLong());

        // delete the first: its count, its properties and the first eventAt follow
        api.delete("/events/" + first).assertStatus(204);
        attributes = awaitCount(api, opened, 2).path("attributes");
        assertEquals(2, attributes.path("count").asLong());
        assertEquals("2026-02-15T00:00:00Z", attributes.path("firstEventAt").asText());
        assertEquals(1, attributes.path("properties").path("messageId").path("string").asLong());
        assertFalse(attributes.path("properties").path("opens").has("number"), "no event carries opens as a number now");

        // rename one clicked event to opened: it moves with its payload; eventAt moved by a PATCH moves the bounds
        String moved = api.get(events("filter[name]", clicked, "sort", "eventAt", "page[size]", "1")).ids().get(0);
        api.patch("/events/" + moved, changes(moved).attribute("name", opened).json()).assertStatus(200);
        String last = api.get(events("filter[name]", clicked, "sort", "-eventAt", "page[size]", "1")).ids().get(0);
        api.patch("/events/" + last, changes(last).attribute("eventAt", "2026-06-30T00:00:00Z").json()).assertStatus(200);
        Await.until(Duration.ofSeconds(30), () -> name(clicked), n -> n.path("attributes").path("lastEventAt").asText()
                .equals("2026-06-30T00:00:00Z"));
        attributes = awaitCount(api, opened, 3).path("attributes");
        assertEquals(3, attributes.path("count").asLong());
        assertEquals("2026-02-01T00:00:00Z", attributes.path("firstEventAt").asText());
        assertEquals(1, attributes.path("properties").path("url").path("string").asLong());
        JsonNode clickedNow = name(clicked).path("attributes");
        assertEquals(2, clickedNow.path("count").asLong());
        assertEquals("2026-02-02T00:00:00Z", clickedNow.path("firstEventAt").asText());
        assertEquals("2026-06-30T00:00:00Z", clickedNow.path("lastEventAt").asText());
        assertEquals(2, clickedNow.path("properties").path("url").path("string").asLong());

        // a batch removes the rest of clicked: the name leaves the catalog
        AtomicBatch removals = new AtomicBatch();
        api.get(events("filter[name]", clicked)).ids().forEach(removals::remove);
        removals.send(api).assertStatus(204);
        awaitGone(clicked);

        // the counts are what the listing counts
        for (String name : List.of(opened)) {
            assertEquals(api.get(events("filter[name]", name, "page[totals]", "")).json().path("meta").path("page").path("total").asLong(),
                    name(name).path("attributes").path("count").asLong());
        }
    }

    @Test
    void filteredSortedAndPagedWithCursors() throws Exception {
        String prefix = uniqueId("cat") + "_";
        String[] made = {prefix + "a", prefix + "b", prefix + "c", prefix + "d", prefix + "e"};
        for (int i = 0; i < made.length; i++) {
            AtomicBatch batch = new AtomicBatch();
            for (int n = 0; n <= (i * 3) % 5; n++) { // counts 1, 4, 2, 5, 3
                batch.add(event(made[i]).eventAt("2026-0" + (1 + (i * 2) % 5) + "-01T00:00:00Z"));
            }
            batch.send(api).assertStatus(200);
        }
        for (int i = 0; i < made.length; i++) {
            awaitCount(api, made[i], 1 + (i * 3) % 5);
        }
        assertEquals(List.of(made), walk(names("filter[prefix]", prefix, "page[size]", "2")));
        assertEquals(List.of(made[3], made[1], made[4], made[2], made[0]), walk(names("filter[prefix]", prefix, "sort", "-count", "page[size]", "2")));
        assertEquals(List.of(made[0], made[2], made[4], made[1], made[3]), walk(names("filter[prefix]", prefix, "sort", "count", "page[size]", "3")));
        // eventAt months: a=1, b=3, c=5, d=2, e=4
        assertEquals(List.of(made[2], made[4], made[1], made[3], made[0]), walk(names("filter[prefix]", prefix, "sort", "-lastEventAt", "page[size]", "2")));
        assertEquals(List.of(made[4], made[3], made[2], made[1], made[0]), walk(names("filter[prefix]", prefix, "sort", "-name", "page[size]", "4")));
        // a prefix with LIKE's wildcards matches them literally
        assertEquals(List.of(), walk(names("filter[prefix]", prefix.replace("_", "%"))));

        Reply sparse = api.get(names("filter[prefix]", prefix, "fields[event-name]", "count")).assertStatus(200);
        assertEquals(1, sparse.data().get(0).path("attributes").size());
        assertTrue(sparse.data().get(0).path("links").path("self").asText().endsWith(path(made[0])));
        Reply page = api.get(names("filter[prefix]", prefix, "page[size]", "2")).assertStatus(200);
        assertTrue(page.json().path("links").path("prev").isNull());
        String next = page.link("next");
        api.get(next.replaceAll("sort=[^&]*", "") + "&sort=count").assertError(400, "cursor_sort_mismatch", "parameter", "page[after]");
    }

    private List<String> walk(String first) {
        List<String> names = new ArrayList<>();
        String next = first;
        while (next != null) {
            Reply page = api.get(next).assertStatus(200);
            page.data().forEach(name -> names.add(name.path("id").asText()));
            next = page.link("next");
        }
        return names;
    }

    @Test
    void anyNameIsAnIdItsLinkServes() throws Exception {
        String name = uniqueId("a/b c") + " é 🚀 100%+";
        api.create(event(name).payload("{\"k\":true}"));
        awaitCount(api, name, 1);
        JsonNode listed = api.get(names("filter[prefix]", name)).assertStatus(200).data().get(0);
        assertEquals(name, listed.path("id").asText());
        Reply self = api.get(listed.path("links").path("self").asText()).assertStatus(200);
        assertEquals(name, self.id());
        assertEquals(1, self.attributes().path("properties").path("k").path("boolean").asLong());
        api.get(path(uniqueId("never"))).assertError(404, "not_found", null, null);
        api.get("/event-names/%FF").assertStatus(404);
    }

    @Test
    void aNameKeepsABoundedNumberOfProperties() throws Exception {
        String name = uniqueId("wide");
        AtomicBatch batch = new AtomicBatch();
        for (int e = 0; e < 3; e++) {
            StringBuilder payload = new StringBuilder("{");
            for (int k = 0; k < 100; k++) {
                payload.append(k == 0 ? "" : ",").append("\"k").append(e).append('_').append(k).append("\":1");
            }
            batch.add(event(name).payload(payload.append('}').toString()));
        }
        batch.send(api).assertStatus(200);
        JsonNode attributes = awaitCount(api, name, 3).path("attributes");
        assertEquals(200, attributes.path("properties").size());
        assertTrue(attributes.path("propertiesTruncated").asBoolean());
    }

    @Test
    void theCatalogIsTheOrgsOwnAndRefusedLikeAnyRead() throws Exception {
        String name = uniqueId("shared");
        api.create(event(name));
        Api other = api.as(token(newOrg(), Scope.ALL));
        other.create(event(name));
        other.create(event(name));
        awaitCount(api, name, 1);
        awaitCount(other, name, 2);
        assertEquals(1, name(name).path("attributes").path("count").asLong());
        assertEquals(2, other.get(path(name)).assertStatus(200).attributes().path("count").asLong());

        api.as(token(org, Scope.READ)).get(names()).assertStatus(200);
        api.as(token(org, Scope.WEBHOOKS_READ)).get(names()).assertError(403, "insufficient_scope", null, null);
        api.anonymous().get(names()).assertStatus(401);
        api.get(names("sort", "weight")).assertError(400, "invalid_sort", "parameter", "sort");
        api.get(names("page[size]", "0")).assertError(400, "invalid_page_size", "parameter", "page[size]");
        api.get(names("page[size]", "1001")).assertError(400, "invalid_page_size", "parameter", "page[size]");
        api.get(names("page[after]", "forged.token")).assertError(400, "invalid_cursor", "parameter", "page[after]");
        api.get(names("filter[name]", "x")).assertError(400, "unknown_parameter", "parameter", "filter[name]");
        api.get(names("fields[event-name]", "colour")).assertError(400, "invalid_fields", "parameter", "fields[event-name]");
        api.get(path(name) + "?sort=count").assertError(400, "unknown_parameter", "parameter", "sort");
        api.send("GET", names(), Map.of("Accept", "text/csv"), null).assertStatus(406);
        api.send("POST", names(), Map.of("Content-Type", Api.JSON_API), "{}").assertStatus(405);
        api.send("HEAD", path(name), Map.of("Accept", Api.JSON_API), null).assertStatus(200);
        // another org's cursor
        String more = uniqueId("more");
        other.create(event(more));
        awaitCount(other, more, 1);
        String foreign = other.get(names("page[size]", "1")).link("next");
        api.get(foreign.substring(foreign.indexOf("/event-names"))).assertError(400, "invalid_cursor", "parameter", "page[after]");
    }
}
