package io.eventstore.api;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HEAD is served wherever GET is: the same status and headers, no body. */
class HeadTest extends ApiTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"/events/ID", "/events/ID/relationships/prospect", "/events?filter%5Bprospect%5D%5Bid%5D=PROSPECT",
            "/events/1", "/events/ID/relationships/nothing", "/nowhere"})
    void headAnswersWhatGetAnswersWithoutTheBody(String template) {
        String prospect = uniqueId("p");
        String id = api.create(event("email_opened").prospect(prospect));
        String path = template.replace("ID", id).replace("PROSPECT", prospect);

        Reply get = api.get(path);
        Reply head = api.send("HEAD", path, Map.of("Accept", Api.JSON_API), null);

        assertEquals(get.status(), head.status(), path);
        assertEquals("", head.text(), "no body: " + path);
        for (String header : List.of("Content-Type", "Vary", "X-RateLimit-Limit")) {
            assertNotNull(get.header(header), header + " of GET " + path);
            assertEquals(get.header(header), head.header(header), header + " of " + path);
        }
        if (get.status() == 200) {
            assertEquals(Integer.toString(get.text().getBytes(StandardCharsets.UTF_8).length), head.header("Content-Length"), path);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events", "/events/1", "/events/1/relationships/prospect"})
    void headIsAllowedAndNeedsTheReadScope(String path) {
        assertTrue(api.send("DELETE", "/events", Map.of(), null).header("Allow").contains("HEAD"));
        Reply head = api.as(token(org, io.eventstore.auth.Scope.WRITE)).send("HEAD", path, Map.of(), null);
        assertEquals(403, head.status(), path);
        assertEquals("", head.text());
    }
}
