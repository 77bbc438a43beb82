package io.eventstore.api;

import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every endpoint's answer, byte for byte, against documents recorded in
 * {@code src/test/resources/golden/}: status, the headers that matter and the body, with what
 * differs between runs (ids, server timestamps, cursors, feed positions, the port) replaced by placeholders.
 * Record anew with {@code -Dgolden.record=true} only when a document is meant to change.
 */
class GoldenDocumentTest extends ApiTestBase {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final String ATOMIC = "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"";
    private static final Pattern ID = Pattern.compile("(?<![0-9])[0-9]{15,19}(?![0-9])");
    private static final Pattern SERVER_TIME = Pattern.compile("\"(createdAt|updatedAt)\":\"[^\"]+\"");
    private static final Pattern CURSOR = Pattern.compile("(page%5B(after|before)%5D=)[A-Za-z0-9_.%-]+");
    private static final Pattern ERROR_ID = Pattern.compile("\"id\":\"[0-9a-f-]{36}\"");
    // The sequencer positions changes after commit, so a listing's position depends on its timing.
    private static final Pattern FEED_POSITION = Pattern.compile("\"feedPosition\":\"[0-9]+\"");

    @Test
    void everyEndpointAnswersItsRecordedDocument() throws IOException {
        Api owner = api.as(token(newOrg(), Scope.ALL));
        Map<String, Reply> replies = new LinkedHashMap<>();
        Reply created = owner.post("/events", event("email_opened").eventAt("2026-03-01T10:15:30.123456+02:00")
                .attribute("body", "Hello ünï 😀").attribute("externalUrl", "https://mail.example.com/m/1?x=y&z=%C3%BC")
                .payload("{\"campaign\":\"spring\",\"opens\":3,\"nested\":{\"ok\":true,\"list\":[1,2.5,null]}}")
                .attribute("requestCity", "Lyon").attributeJson("requestProxied", "true")
                .prospect("p-1").related("account", "acc-1").json());
        replies.put("create", created);
        String id = created.id();
        owner.post("/events", event("link_clicked").eventAt("2026-03-02T10:00:00Z").prospect("p-1").json()).assertStatus(201);
        owner.post("/events", event("link_clicked").eventAt("2026-03-03T10:00:00Z").prospect("p-1").json()).assertStatus(201);
        replies.put("one", owner.get("/events/" + id));
        replies.put("one-fields", owner.get("/events/" + id + "?fields%5Bevent%5D=name,prospect"));
        Reply page = owner.get(Api.events("filter[prospect][id]", "p-1", "page[size]", "2"));
        replies.put("list", page);
        replies.put("list-next", owner.get(page.link("next")));
        replies.put("list-totals-fields", owner.get(Api.events("filter[prospect][id]", "p-1", "page[totals]", "",
                "fields[event]", "name,eventAt", "sort", "eventAt")));
        replies.put("list-empty", owner.get(Api.events("filter[name]", "nothing")));
        replies.put("update", owner.patch("/events/" + id, "{\"data\":{\"type\":\"event\",\"id\":\"" + id
                + "\",\"attributes\":{\"name\":\"email_opened_twice\",\"body\":null}}}"));
        replies.put("update-payload", owner.patch("/events/" + id, "{\"data\":{\"type\":\"event\",\"id\":\"" + id
                + "\",\"attributes\":{\"payload\":{\"other\":1}}}}"));
        replies.put("relationship", owner.get("/events/" + id + "/relationships/prospect"));
        replies.put("relationship-null", owner.get("/events/" + id + "/relationships/task"));
        replies.put("relationship-set", owner.patch("/events/" + id + "/relationships/prospect",
                "{\"data\":{\"type\":\"prospect\",\"id\":\"p-2\"}}"));
        replies.put("relationship-after", owner.get("/events/" + id + "/relationships/prospect"));
        replies.put("batch", owner.send("POST", "/operations", Map.of("Content-Type", ATOMIC, "Accept", ATOMIC),
                "{\"atomic:operations\":[{\"op\":\"add\",\"data\":{\"type\":\"event\",\"lid\":\"a\",\"attributes\":"
                        + "{\"name\":\"email_sent\",\"eventAt\":\"2026-03-04T10:00:00Z\"}}},"
                        + "{\"op\":\"update\",\"ref\":{\"type\":\"event\",\"lid\":\"a\",\"relationship\":\"mailing\"},"
                        + "\"data\":{\"type\":\"mailing\",\"id\":\"m-7\"}},"
                        + "{\"op\":\"update\",\"data\":{\"type\":\"event\",\"lid\":\"a\",\"attributes\":{\"name\":\"email_resent\"}}}]}"));
        replies.put("batch-remove", owner.send("POST", "/operations", Map.of("Content-Type", ATOMIC),
                "{\"atomic:operations\":[{\"op\":\"remove\",\"ref\":{\"type\":\"event\",\"id\":\"" + id + "\"}}]}"));
        replies.put("batch-error", owner.send("POST", "/operations", Map.of("Content-Type", ATOMIC),
                "{\"atomic:operations\":[{\"op\":\"add\",\"data\":{\"type\":\"event\",\"attributes\":{\"name\":\"\"}}}]}"));
        String other = owner.post("/events", event("to_delete").eventAt("2026-03-05T10:00:00Z").json()).id();
        replies.put("delete", owner.delete("/events/" + other));
        replies.put("deleted", owner.get("/events/" + other));
        replies.put("error-filter", owner.get(Api.events("filter[colour]", "red")));
        replies.put("error-page-size", owner.get(Api.events("page[size]", "5000")));
        replies.put("error-406", owner.send("GET", "/events", Map.of("Accept", "application/vnd.api+json; charset=x"), null));
        replies.put("error-415", owner.send("POST", "/events", Map.of("Content-Type", "application/json"), "{}"));
        replies.put("error-405", owner.send("PUT", "/events/" + other, Map.of("Content-Type", Api.JSON_API), "{}"));
        replies.put("error-route", owner.get("/nothing/here"));
        replies.put("error-unauthenticated", owner.anonymous().get("/events"));
        replies.put("error-document", owner.post("/events", "{\"data\":{\"type\":\"event\",\"attributes\":{\"name\":7}}}"));

        for (Map.Entry<String, Reply> reply : replies.entrySet()) {
            String actual = normalize(reply.getValue(), server.getPort());
            Path file = GOLDEN.resolve(reply.getKey() + ".txt");
            if (Boolean.getBoolean("golden.record")) {
                Files.createDirectories(GOLDEN);
                Files.writeString(file, actual);
            } else {
                assertEquals(Files.readString(file), actual, reply.getKey());
            }
        }
    }

    private static String normalize(Reply reply, int port) {
        StringBuilder text = new StringBuilder().append(reply.status()).append('\n');
        for (String header : List.of("Content-Type", "Location", "Allow", "Vary", "WWW-Authenticate")) {
            reply.headers().firstValue(header).ifPresent(value -> text.append(header).append(": ").append(value).append('\n'));
        }
        text.append('\n').append(reply.text()).append('\n');
        String body = text.toString().replace("localhost:" + port, "localhost:PORT");
        body = CURSOR.matcher(body).replaceAll("$1CURSOR");
        body = SERVER_TIME.matcher(body).replaceAll("\"$1\":\"SERVER-TIME\"");
        body = ERROR_ID.matcher(body).replaceAll("\"id\":\"ERROR-ID\"");
        body = FEED_POSITION.matcher(body).replaceAll("\"feedPosition\":\"POSITION\"");
        Map<String, String> ids = new LinkedHashMap<>();
        Matcher matcher = ID.matcher(body);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = ids.computeIfAbsent(matcher.group(), k -> "ID" + (ids.size() + 1));
            matcher.appendReplacement(out, name);
        }
        matcher.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8).length > 0 ? out.toString() : "";
    }
}
