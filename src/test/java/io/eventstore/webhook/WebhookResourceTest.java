package io.eventstore.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.eventstore.support.WebhookDocument.hookChanges;
import static io.eventstore.support.WebhookDocument.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook resource through HTTP: create, read, list, change, delete, rotate; its errors, scopes and org. */
class WebhookResourceTest extends ApiTestBase {

    private static final String URL = "http://127.0.0.2:9/hook";

    @Inject
    Store store;

    private Reply create(Api client, String document) {
        return client.post("/webhooks", document);
    }

    @Test
    void aHookIsMadeWithItsSecretShownOnceThenReadListedChangedAndDeleted() throws Exception {
        Reply created = create(api, webhook(URL).filter("name", "email_opened,link_clicked").filter("prospect.id", "42").json())
                .assertStatus(201);
        String id = created.id();
        assertEquals(server.getURI().toString().replaceAll("/$", "") + "/webhooks/" + id, created.header("Location"));
        JsonNode attributes = created.attributes();
        assertEquals(URL, attributes.path("url").asText());
        assertTrue(attributes.path("active").asBoolean());
        assertTrue(attributes.path("secret").asText().startsWith("whsec_"), created.text());
        assertEquals("email_opened,link_clicked", attributes.path("filter").path("name").asText());
        assertEquals("42", attributes.path("filter").path("prospect").path("id").asText());
        assertTrue(attributes.path("createdAt").isTextual());

        // never readable again: neither the answer nor the database holds it as text
        Reply read = api.get("/webhooks/" + id).assertStatus(200);
        assertFalse(read.attributes().has("secret"), read.text());
        assertEquals(attributes.path("filter"), read.attributes().path("filter"));
        assertFalse(store.text("SELECT CAST(secret AS CHAR) FROM webhook WHERE org_id = ?", org)
                .contains(attributes.path("secret").asText().substring(6)));

        assertTrue(api.get("/webhooks").assertStatus(200).ids().contains(id));

        Reply changed = api.patch("/webhooks/" + id, hookChanges(id).active(false).attribute("url", "http://127.0.0.2:9/other").json())
                .assertStatus(200);
        assertFalse(changed.attributes().path("active").asBoolean());
        assertEquals("http://127.0.0.2:9/other", changed.attributes().path("url").asText());
        assertEquals("email_opened,link_clicked", changed.attributes().path("filter").path("name").asText()); // untouched
        assertEquals("http://127.0.0.2:9/other", api.get("/webhooks/" + id).attributes().path("url").asText());

        api.delete("/webhooks/" + id).assertStatus(204);
        api.get("/webhooks/" + id).assertError(404, "not_found", null, null);
        api.delete("/webhooks/" + id).assertError(404, "not_found", null, null);
    }

    @Test
    void rotationShowsANewSecretAndTellsHowLongThePreviousOneStillSigns() {
        Reply created = create(api, webhook(URL).json()).assertStatus(201);
        String id = created.id();
        Reply rotated = api.post("/webhooks/" + id + "/secret", null).assertStatus(200);
        String secret = rotated.attributes().path("secret").asText();
        assertTrue(secret.startsWith("whsec_"));
        assertNotEquals(created.attributes().path("secret").asText(), secret);
        assertTrue(rotated.attributes().path("previousSecretExpiresAt").isTextual(), rotated.text());
        api.post("/webhooks/" + id + "/secret", "{}").assertErrorAtPointer(400, "");
        api.post("/webhooks/123/secret", null).assertError(404, "not_found", null, null);
    }

    @Test
    void urlsThatReachInsideAreRefusedWithThePointer() {
        for (String inside : List.of("http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data",
                "http://[::1]:8080/hook", "http://localhost:8080/hook", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/")) {
            create(api, webhook(inside).json()).assertError(422, "url_not_allowed", "pointer", "/data/attributes/url");
        }
        for (String malformed : List.of("ftp://127.0.0.2/", "http://user:pw@127.0.0.2/", "http://127.0.0.2/#x", "nonsense", "/relative")) {
            create(api, webhook(malformed).json()).assertError(422, "invalid_url", "pointer", "/data/attributes/url");
        }
        String id = create(api, webhook(URL).json()).assertStatus(201).id();
        api.patch("/webhooks/" + id, hookChanges(id).attribute("url", "http://10.0.0.1/").json())
                .assertError(422, "url_not_allowed", "pointer", "/data/attributes/url");
        assertEquals(URL, api.get("/webhooks/" + id).attributes().path("url").asText()); // nothing changed
    }

    @Test
    void badDocumentsAreRefusedAtTheMemberAtFault() {
        create(api, webhook(URL).rawAttribute("active", "\"yes\"").json()).assertError(400, "invalid_type", "pointer", "/data/attributes/active");
        create(api, webhook(URL).rawAttribute("url", "7").json()).assertError(400, "invalid_type", "pointer", "/data/attributes/url");
        create(api, webhook(URL).attribute("color", "red").json()).assertError(400, "invalid_document", "pointer", "/data/attributes/color");
        create(api, webhook(URL).attribute("secret", "whsec_mine").json()).assertError(403, "read_only", "pointer", "/data/attributes/secret");
        create(api, webhook(URL).filter("flavor", "x").json()).assertErrorAtPointer(422, "/data/attributes/filter/flavor");
        create(api, webhook(URL).filter("eventAt", "yesterday").json()).assertErrorAtPointer(422, "/data/attributes/filter/eventAt");
        create(api, webhook(URL).rawAttribute("filter", "[1]").json()).assertErrorAtPointer(400, "/data/attributes/filter");
        create(api, webhook(URL).rawAttribute("filter", "{\"name\":5}").json()).assertErrorAtPointer(400, "/data/attributes/filter/name");
        create(api, "{\"data\":{\"type\":\"webhook\",\"attributes\":{}}}").assertErrorAtPointer(422, "/data/attributes");
        create(api, "{\"data\":{\"type\":\"event\",\"attributes\":{\"url\":\"" + URL + "\"}}}").assertError(409, "type_mismatch", "pointer", "/data/type");
        create(api, "{\"data\":{\"type\":\"webhook\",\"id\":\"5\",\"attributes\":{\"url\":\"" + URL + "\"}}}").assertErrorAtPointer(403, "/data/id");
        String id = create(api, webhook(URL).json()).assertStatus(201).id();
        api.patch("/webhooks/" + id, hookChanges("1").active(false).json()).assertError(409, "id_mismatch", "pointer", "/data/id");
        api.get("/webhooks?page[size]=2").assertErrorAtParameter(400, "page[size]");
        api.get("/webhooks/" + id + "/deliveries?filter[outcome]=maybe").assertErrorAtParameter(400, "filter[outcome]");
        api.get("/webhooks/" + id + "/deliveries?page[size]=0").assertErrorAtParameter(400, "page[size]");
        api.get("/webhooks/" + id + "/deliveries?page[after]=x").assertErrorAtParameter(400, "page[after]");
        api.send("PUT", "/webhooks/" + id, java.util.Map.of("Accept", Api.JSON_API), null).assertError(405, "method_not_allowed", null, null);
        api.send("GET", "/webhooks", java.util.Map.of("Accept", "text/html"), null).assertError(406, "not_acceptable", null, null);
        api.send("POST", "/webhooks", java.util.Map.of("Accept", Api.JSON_API, "Content-Type", "application/json"), webhook(URL).json())
                .assertError(415, "unsupported_media_type", null, null);
        api.get("/webhooks/" + id + "/nothing").assertError(404, "not_found", null, null);
        api.get("/webhooks/abc").assertError(404, "not_found", null, null);
    }

    @Test
    void scopesAreWebhooksReadAndWriteOrEventsAll() {
        String id = create(api, webhook(URL).json()).assertStatus(201).id();
        Api reader = api.as(token(org, Scope.WEBHOOKS_READ));
        reader.get("/webhooks/" + id).assertStatus(200);
        reader.get("/webhooks/" + id + "/deliveries").assertStatus(200);
        create(reader, webhook(URL).json()).assertError(403, "insufficient_scope", null, null);
        reader.delete("/webhooks/" + id).assertError(403, "insufficient_scope", null, null);
        Api writer = api.as(token(org, Scope.WEBHOOKS_WRITE));
        create(writer, webhook(URL).json()).assertStatus(201);
        writer.get("/webhooks").assertError(403, "insufficient_scope", null, null);
        Api events = api.as(token(org, Scope.READ, Scope.WRITE, Scope.DELETE));
        events.get("/webhooks").assertError(403, "insufficient_scope", null, null);
        create(events, webhook(URL).json()).assertError(403, "insufficient_scope", null, null);
        Api hooksOnly = api.as(token(org, Scope.WEBHOOKS_READ, Scope.WEBHOOKS_WRITE));
        hooksOnly.get("/events").assertError(403, "insufficient_scope", null, null);
    }

    @Test
    void anotherOrgSeesNoneOfThem() {
        String id = create(api, webhook(URL).json()).assertStatus(201).id();
        Api stranger = api.as(token(newOrg(), Scope.ALL));
        stranger.get("/webhooks/" + id).assertError(404, "not_found", null, null);
        stranger.patch("/webhooks/" + id, hookChanges(id).active(false).json()).assertError(404, "not_found", null, null);
        stranger.delete("/webhooks/" + id).assertError(404, "not_found", null, null);
        stranger.post("/webhooks/" + id + "/secret", null).assertError(404, "not_found", null, null);
        stranger.get("/webhooks/" + id + "/deliveries").assertError(404, "not_found", null, null);
        assertFalse(stranger.get("/webhooks").assertStatus(200).ids().contains(id));
        assertTrue(api.get("/webhooks/" + id).attributes().path("active").asBoolean()); // untouched
    }
}
