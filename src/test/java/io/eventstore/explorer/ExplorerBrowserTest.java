package io.eventstore.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Browser;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explorer end to end in headless Chromium (src/test/browser/explorer-e2e.mjs): this class stores
 * a prospect's 1,050 events over 58 days, tells the script what the API says about them (the listing's
 * order, each name's count, the error documents of the refusals it will provoke), and checks what the
 * script did to the stored state: the events it posted are stored once each, the one it renamed renamed
 * and the one it deleted gone. The script writes the
 * screenshots of docs/explorer-*.png.
 */
class ExplorerBrowserTest extends ApiTestBase {

    private static final Logger LOG = LoggerFactory.getLogger(ExplorerBrowserTest.class);
    private static final int TINY_BUDGET = 20;
    private static final Map<String, Integer> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("email_opened", 400);
        NAMES.put("email_sent", 300);
        NAMES.put("link_clicked", 200);
        NAMES.put("call_logged", 100);
        NAMES.put("meeting_booked", 50);
    }

    @Test
    void aUserExploresAProspectsTimelineLiveItsHistogramTheCatalogAndTheErrors() throws Exception {
        Browser.assumeAvailable();
        String prospect = uniqueId("prospect");
        store(prospect);
        List<String> expectedIds = listing(prospect);
        assertEquals(1_050, expectedIds.size());

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("api", "http://localhost:" + server.getPort());
        config.put("token", token);
        config.put("tinyToken", tokens.mint(org, "tiny", EnumSet.of(Scope.READ), null, TINY_BUDGET).secret());
        config.put("tinyBudget", TINY_BUDGET);
        config.put("prospect", prospect);
        config.put("expectedIds", expectedIds);
        config.put("names", NAMES);
        config.put("errors", Map.of(
                "unauthorized", error(api.as("evs_not-a-token").get("/event-names"), 401),
                "badRange", error(api.get("/events?filter[eventAt]=2026-11-20T09:00:00Z..2026-11-01T09:00:00Z"), 400),
                "rateLimited", error(exhausted(), 429)));
        Path docs = Path.of("docs").toAbsolutePath();
        config.put("screenshots", docs.toString());
        config.put("tools", Browser.tools().toString());

        JsonNode seen = Browser.run("explorer-e2e.mjs", config, Duration.ofMinutes(4));
        LOG.info("explorer in Chromium: {}", seen);

        assertEquals(1_050, seen.path("rows").asInt());
        for (String kept : List.of("liveId", "resumeId", "pausedId")) {
            String id = seen.path(kept).asText();
            Reply stored = api.get("/events/" + id).assertStatus(200);
            assertEquals(prospect, stored.data().at("/relationships/prospect/data/id").asText());
            String name = stored.attributes().path("name").asText();
            assertEquals(List.of(id), api.get("/events?filter[name]=" + name + "&filter[prospect][id]=" + prospect).ids(),
                    name + " stored once");
        }
        assertEquals("live_renamed", api.get("/events/" + seen.path("liveId").asText()).attributes().path("name").asText());
        api.get("/events/" + seen.path("doomedId").asText()).assertStatus(404);
        assertEquals(expectedIds.size() + 3, listing(prospect).size(), "nothing else stored");
        for (String view : List.of("token", "timeline", "histogram", "detail", "catalog", "error")) {
            Path shot = docs.resolve("explorer-" + view + ".png");
            assertTrue(Files.size(shot) > 10_000, shot + " written");
            byte[] head = Files.readAllBytes(shot);
            assertEquals(0x89, head[0] & 0xff, shot + " is a PNG");
            assertEquals('P', head[1], shot + " is a PNG");
        }
    }

    /** 1,050 events of the prospect, one every 80 minutes back from now, the names in NAMES' proportions. */
    private void store(String prospect) {
        List<String> names = new ArrayList<>();
        NAMES.forEach((name, count) -> {
            for (int i = 0; i < count; i++) {
                names.add(name);
            }
        });
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int start = 0; start < names.size(); start += 525) {
            AtomicBatch batch = new AtomicBatch();
            for (int i = start; i < start + 525; i++) {
                // interleaved, so that every day has several names
                String name = names.get((i * 13) % names.size()); // 13 is prime to 1,050: each name its count
                batch.add(event(name).prospect(prospect).related("account", "acme-" + (i % 3))
                        .eventAt(now.minus(80L * (i + 1), ChronoUnit.MINUTES).toString())
                        .payload("{\"messageId\":\"m-" + i + "\",\"opens\":" + (i % 5) + ",\"campaign\":{\"id\":" + (i % 4)
                                + ",\"name\":\"Autumn\"}}"));
            }
            batch.send(api).assertStatus(200);
        }
    }

    /** The prospect's events as the listing orders them, newest first. */
    private List<String> listing(String prospect) {
        List<String> ids = new ArrayList<>();
        String next = "/events?filter[prospect][id]=" + prospect + "&page[size]=1000&sort=-eventAt";
        while (next != null) {
            Reply page = api.get(next).assertStatus(200);
            ids.addAll(page.ids());
            next = page.link("next");
        }
        return ids;
    }

    private Reply exhausted() {
        Api tiny = api.as(tokens.mint(org, "spent", EnumSet.of(Scope.READ), null, 1).secret());
        tiny.get("/event-names").assertStatus(200);
        return tiny.get("/event-names");
    }

    private static Map<String, String> error(Reply reply, int status) {
        reply.assertStatus(status);
        JsonNode error = reply.json().path("errors").path(0);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("title", error.path("title").asText());
        expected.put("detail", error.path("detail").asText());
        expected.put("parameter", error.at("/source/parameter").asText());
        return expected;
    }
}
