package io.eventstore.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventstore.api.Links;
import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Await;
import io.eventstore.support.RawHttp;
import io.eventstore.support.Reply;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eventstore.support.Api.events;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /exports/events}: every matching event as NDJSON or CSV, equal to the listing's pages,
 * resumable at every chunk, bounded by what the client reads, limited per token, refused like any read.
 */
class ExportTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";
    private static final int BIG = 50_000;
    /** The prospect of the {@link #BIG} events, made once for the class. */
    private static String bigProspect;

    static String export(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Links.withQuery("/exports/events", parameters);
    }

    private Reply get(Api client, String accept, String path) {
        return client.send("GET", path, Map.of("Accept", accept), null);
    }

    /** 50,000 events of one prospect, a kilobyte of payload each, eventAt spread with ties (ordered by id then). */
    private synchronized String bigProspect() {
        if (bigProspect == null) {
            String prospect = uniqueId("big");
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            for (int b = 0; b < BIG / 1000; b++) {
                AtomicBatch batch = new AtomicBatch();
                for (int i = 0; i < 1000; i++) {
                    int n = b * 1000 + i;
                    batch.add(event("email_" + (n % 5)).prospect(prospect).eventAt(start.plusSeconds(n / 3).toString())
                            .payload("{\"n\":" + n + ",\"text\":\"" + "x".repeat(1000) + "\"}"));
                }
                batch.send(api).assertStatus(200);
            }
            bigProspect = prospect;
        }
        return bigProspect;
    }

    /** Every event of a listing, walked page by page along links.next. */
    private List<JsonNode> listing(String... filters) {
        List<JsonNode> all = new ArrayList<>();
        String[] parameters = new String[filters.length + 2];
        System.arraycopy(filters, 0, parameters, 0, filters.length);
        parameters[filters.length] = "page[size]";
        parameters[filters.length + 1] = "1000";
        String next = events(parameters);
        while (next != null) {
            Reply page = api.get(next).assertStatus(200);
            page.data().forEach(all::add);
            next = page.link("next");
        }
        return all;
    }

    /** An NDJSON export read line by line: the resource objects, and the meta lines. */
    record Ndjson(List<JsonNode> resources, List<JsonNode> metas) {
        static Ndjson parse(String text) throws Exception {
            assertTrue(text.endsWith("\n"), "every line ends with a line feed");
            List<JsonNode> resources = new ArrayList<>();
            List<JsonNode> metas = new ArrayList<>();
            for (String line : text.split("\n")) {
                JsonNode node = JSON.readTree(line);
                (node.has("type") ? resources : metas).add(node);
            }
            return new Ndjson(resources, metas);
        }

        JsonNode last() {
            return metas.get(metas.size() - 1).path("meta");
        }
    }

    static List<CSVRecord> csv(String text) throws Exception {
        try (CSVParser parser = CSVParser.parse(new StringReader(text),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
            return parser.getRecords();
        }
    }

    @Test
    void fiftyThousandEventsInBothFormatsEqualTheListingsPagesAndResumeAtEveryChunk() throws Exception {
        String prospect = bigProspect();
        List<JsonNode> pages = listing("filter[prospect][id]", prospect);
        assertEquals(BIG, pages.size());

        Reply ndjsonReply = get(api, NDJSON, export("filter[prospect][id]", prospect)).assertStatus(200);
        assertEquals(NDJSON, ndjsonReply.header("Content-Type"));
        assertNull(ndjsonReply.header("Content-Length"), "streamed, not buffered whole");
        Ndjson ndjson = Ndjson.parse(ndjsonReply.text());
        assertEquals(pages, ndjson.resources(), "the export is the listing's events, as the listing writes them, in its order");
        assertEquals(BIG / 1000 + 1, ndjson.metas().size(), "a resume line after every chunk of 1,000, then the end");
        assertTrue(ndjson.last().path("complete").asBoolean());
        assertEquals(BIG, ndjson.last().path("exported").asLong());

        // resume after the 30th chunk, as a client cut off after 30,000 events would
        JsonNode thirtieth = ndjson.metas().get(29).path("meta");
        assertEquals(30_000, thirtieth.path("exported").asLong());
        Ndjson rest = Ndjson.parse(get(api, NDJSON, export("filter[prospect][id]", prospect,
                "page[after]", thirtieth.path("resumeAfter").asText())).assertStatus(200).text());
        assertEquals(pages.subList(30_000, BIG), rest.resources());
        assertEquals(20_000, rest.last().path("exported").asLong());

        Reply csvReply = get(api, CSV, export("filter[prospect][id]", prospect)).assertStatus(200);
        assertTrue(csvReply.header("Content-Type").startsWith("text/csv"), csvReply.header("Content-Type"));
        assertTrue(csvReply.header("Content-Disposition").contains("events.csv"));
        List<CSVRecord> records = csv(csvReply.text());
        assertEquals(BIG, records.size());
        for (int i = 0; i < BIG; i++) {
            assertRowIsResource(records.get(i), pages.get(i));
            assertEquals((i + 1) % 1000 == 0, !records.get(i).get("cursor").isEmpty(), "a cursor ends every chunk, row " + i);
        }
        // resume after row 3,000 from its cursor
        List<CSVRecord> after = csv(get(api, CSV, export("filter[prospect][id]", prospect, "page[after]",
                records.get(2_999).get("cursor"))).assertStatus(200).text());
        assertEquals(BIG - 3_000, after.size());
        assertEquals(pages.get(3_000).path("id").asText(), after.get(0).get("id"));
        assertEquals(pages.get(BIG - 1).path("id").asText(), after.get(after.size() - 1).get("id"));
    }

    private static void assertRowIsResource(CSVRecord row, JsonNode resource) throws Exception {
        assertEquals(resource.path("id").asText(), row.get("id"));
        JsonNode attributes = resource.path("attributes");
        for (String name : List.of("name", "eventAt", "createdAt", "updatedAt", "body", "externalUrl", "requestCity",
                "requestDevice", "requestHost", "requestRegion")) {
            JsonNode value = attributes.path(name);
            assertEquals(value.isNull() ? "" : value.asText(), row.get(name), name);
        }
        JsonNode payload = attributes.path("payload");
        assertEquals(payload.isNull() ? null : payload, row.get("payload").isEmpty() ? null : JSON.readTree(row.get("payload")));
        JsonNode proxied = attributes.path("requestProxied");
        assertEquals(proxied.isNull() ? "" : proxied.asText(), row.get("requestProxied"));
        resource.path("relationships").fields().forEachRemaining(relationship -> {
            JsonNode data = relationship.getValue().path("data");
            assertEquals(data.isNull() ? "" : data.path("id").asText(), row.get(relationship.getKey()), relationship.getKey());
        });
    }

    @Test
    void csvKeepsCommasQuotesLineBreaksAndUnicode() throws Exception {
        String prospect = uniqueId("p");
        String tricky = "a,b \"quoted\"\nsecond line\r\nthird, é 東京 🚀";
        api.create(event("name, with \"comma\"").prospect(prospect).attribute("body", tricky)
                .attribute("requestCity", "São Paulo").attribute("body", tricky)
                .payload("{\"text\":\"x,y \\\"z\\\"\\n\",\"emoji\":\"🚀\",\"nested\":{\"a\":[1,2]}}"));
        api.create(event("plain").prospect(prospect).attribute("body", ""));
        List<JsonNode> pages = listing("filter[prospect][id]", prospect);
        List<CSVRecord> records = csv(get(api, CSV, export("filter[prospect][id]", prospect)).assertStatus(200).text());
        assertEquals(2, records.size());
        for (int i = 0; i < 2; i++) {
            assertRowIsResource(records.get(i), pages.get(i));
        }
        CSVRecord first = records.get(1);
        assertEquals(tricky, first.get("body"));
        assertEquals("name, with \"comma\"", first.get("name"));
        assertEquals("São Paulo", first.get("requestCity"));
        assertEquals("", records.get(0).get("body"));

        // a sparse fieldset: the id, the fields asked for, the cursor
        List<String> header = List.of(get(api, CSV, export("filter[prospect][id]", prospect, "fields[event]", "name,prospect"))
                .assertStatus(200).text().split("\r\n")[0].split(","));
        assertEquals(List.of("id", "name", "prospect", "cursor"), header);
        Ndjson sparse = Ndjson.parse(get(api, NDJSON, export("filter[prospect][id]", prospect, "fields[event]", "name")).text());
        assertEquals(1, sparse.resources().get(0).path("attributes").size());
    }

    @Test
    void filtersSortsAndEmptyExportsFollowTheListing() throws Exception {
        String prospect = uniqueId("p");
        for (int i = 0; i < 7; i++) {
            api.create(event(i % 2 == 0 ? "even" : "odd").prospect(prospect).eventAt("2026-03-0" + (i + 1) + "T10:00:00Z"));
        }
        for (String sort : List.of("eventAt", "-createdAt,eventAt")) {
            Ndjson sorted = Ndjson.parse(get(api, NDJSON, export("filter[prospect][id]", prospect, "filter[name]", "even",
                    "sort", sort)).assertStatus(200).text());
            assertEquals(listing("filter[prospect][id]", prospect, "filter[name]", "even", "sort", sort), sorted.resources());
        }
        Ndjson none = Ndjson.parse(get(api, NDJSON, export("filter[prospect][id]", uniqueId("nobody"))).assertStatus(200).text());
        assertEquals(List.of(), none.resources());
        assertTrue(none.last().path("complete").asBoolean());
        assertEquals(0, none.last().path("exported").asLong());
        assertEquals("id,name,eventAt,createdAt,updatedAt,body,externalUrl,payload,requestCity,requestDevice,requestHost,"
                        + "requestProxied,requestRegion,account,call,mailing,opportunity,prospect,task,user,cursor\r\n",
                get(api, CSV, export("filter[prospect][id]", uniqueId("nobody"))).assertStatus(200).text());
        // no Accept, or any: NDJSON; CSV when it is preferred
        assertEquals(NDJSON, get(api, "*/*", export("filter[id]", "1")).header("Content-Type"));
        assertTrue(get(api, "application/x-ndjson;q=0.5, text/csv", export("filter[id]", "1")).header("Content-Type").startsWith(CSV));
    }

    @Test
    void anExportIsConfinedToTheOrgAndRefusedLikeAnyRead() throws Exception {
        String prospect = uniqueId("p");
        api.create(event("mine").prospect(prospect));
        Api other = api.as(token(newOrg(), Scope.ALL));
        other.create(event("theirs").prospect(prospect));
        Ndjson mine = Ndjson.parse(get(api, NDJSON, export("filter[prospect][id]", prospect)).assertStatus(200).text());
        assertEquals(List.of("mine"), mine.resources().stream().map(r -> r.path("attributes").path("name").asText()).toList());
        // a cursor of another org (a listing's: exports and listings share cursors)
        other.create(event("theirs").prospect(prospect));
        String foreign = other.get(events("page[size]", "1")).link("next");
        String cursor = java.net.URLDecoder.decode(foreign.replaceAll(".*page%5Bafter%5D=([^&]*).*", "$1"),
                java.nio.charset.StandardCharsets.UTF_8);
        get(api, NDJSON, export("page[after]", cursor)).assertError(400, "invalid_cursor", "parameter", "page[after]");
        get(api, NDJSON, export("page[after]", "forged.cursor")).assertError(400, "invalid_cursor", "parameter", "page[after]");

        get(api, NDJSON, export("page[size]", "10")).assertError(400, "unknown_parameter", "parameter", "page[size]");
        get(api, NDJSON, export("page[totals]", "")).assertError(400, "unknown_parameter", "parameter", "page[totals]");
        get(api, NDJSON, export("filter[colour]", "red")).assertErrorAtParameter(400, "filter[colour]");
        get(api, NDJSON, export("sort", "name")).assertErrorAtParameter(400, "sort");
        get(api, NDJSON, export("group", "name")).assertErrorAtParameter(400, "group");
        get(api, Api.JSON_API, export()).assertError(406, "not_acceptable", null, null);
        get(api, "text/html", export()).assertError(406, "not_acceptable", null, null);
        api.send("HEAD", export(), Map.of("Accept", NDJSON), null).assertStatus(405);
        api.send("POST", export(), Map.of("Content-Type", Api.JSON_API), "{}").assertStatus(405);
        get(api.as(token(org, Scope.WEBHOOKS_READ)), NDJSON, export()).assertError(403, "insufficient_scope", null, null);
        get(api.as(token(org, Scope.READ)), NDJSON, export("filter[prospect][id]", prospect)).assertStatus(200);
        get(api.anonymous(), NDJSON, export()).assertStatus(401);
    }

    @Test
    void theRateLimitCountsTheRequestNotTheRows() throws Exception {
        String prospect = uniqueId("p");
        for (int from = 0; from < 3; from++) {
            AtomicBatch part = new AtomicBatch();
            for (int i = 0; i < (from < 2 ? 1000 : 500); i++) {
                part.add(event("n").prospect(prospect));
            }
            part.send(api).assertStatus(200);
        }
        // a budget of 3 requests a minute (it refills by a twentieth of a request a second)
        Api limited = api.as(tokens.mint(org, "limited", java.util.EnumSet.of(Scope.READ), null, 3).secret());
        Reply export = get(limited, NDJSON, export("filter[prospect][id]", prospect)).assertStatus(200);
        assertEquals("2", export.header("X-RateLimit-Remaining"));
        assertEquals(2_500, Ndjson.parse(export.text()).resources().size());
        assertEquals("1", limited.get(events("page[size]", "1")).header("X-RateLimit-Remaining"),
                "the export took one request of the budget, whatever its rows");
    }

    /**
     * A client that stops reading holds its export at a few chunks (what the sockets' buffers take),
     * not the 50 of its 75 MB; a token runs two exports at once, and a third is refused until a
     * client goes away.
     */
    @Test
    void stalledClientsHoldTheirExportsAndTheirPlacesUntilTheyGoAway() throws Exception {
        String prospect = bigProspect();
        Exports exports = server.getApplicationContext().getBean(Exports.class);
        String request = "GET " + export("filter[prospect][id]", prospect) + " HTTP/1.1\r\nHost: localhost\r\nAccept: "
                + NDJSON + "\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        long before = exports.chunksRead();
        try (RawHttp first = RawHttp.connect(server.getURI()); RawHttp second = RawHttp.connect(server.getURI())) {
            first.send(request);
            second.send(request);
            // both started (each read its first chunk and more), then their clients read nothing
            Await.until(Duration.ofSeconds(20), exports::chunksRead, read -> read - before >= 2);
            get(api, NDJSON, export("filter[prospect][id]", prospect)).assertError(429, "too_many_exports", null, null);
            assertNotNull(get(api, NDJSON, export()).header("Retry-After"));

            // meanwhile another token's whole export runs: 51 chunk reads, which takes seconds
            long beforeWhole = exports.chunksRead();
            Reply whole = get(api.as(token(org, Scope.READ)), NDJSON, export("filter[prospect][id]", prospect)).assertStatus(200);
            assertEquals(BIG, Ndjson.parse(whole.text()).last().path("exported").asLong());
            long stalledReads = exports.chunksRead() - before - (exports.chunksRead() - beforeWhole);
            assertTrue(stalledReads <= 2 * 15, "two stalled exports read " + stalledReads + " of their 102 chunks");
        }
        // the clients went away: their places are free again
        Reply again = Await.until(Duration.ofSeconds(20), () -> get(api, NDJSON, export("filter[id]", "1")),
                reply -> reply.status() == 200);
        assertEquals(200, again.status(), again.text());
    }
}
