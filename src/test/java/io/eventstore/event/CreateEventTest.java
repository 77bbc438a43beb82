package io.eventstore.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.EventDocument;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreateEventTest extends ApiTestBase {

    @Test
    void createsAnEventAndStoresEveryMember() {
        String prospect = uniqueId("p");
        Reply created = api.post("/events", event("email_opened")
                .eventAt("2026-03-01T10:15:30.123456+02:00")
                .attribute("body", "Hello 👋 wörld")
                .attribute("externalUrl", "https://mail.example.com/m/1")
                .payload("{\"campaign\":\"spring\",\"opens\":3,\"nested\":{\"ok\":true}}")
                .attribute("requestCity", "Lyon").attribute("requestDevice", "mobile")
                .attribute("requestHost", "mail.example.com").attribute("requestRegion", "ARA")
                .attribute("requestProxied", EventDocument.parse("true"))
                .prospect(prospect).related("account", "acc-1").related("user", "u-9")
                .json());

        created.assertStatus(201);
        assertEquals("application/vnd.api+json", created.header("Content-Type"));
        assertEquals(created.data().path("links").path("self").asText(), created.header("Location"));
        assertTrue(created.header("Location").endsWith("/events/" + created.id()));
        assertTrue(created.id().matches("\\d+"), "ids are strings of digits");

        Reply stored = api.get("/events/" + created.id()).assertStatus(200);
        JsonNode attributes = stored.attributes();
        assertEquals("email_opened", attributes.path("name").asText());
        assertEquals("2026-03-01T08:15:30.123456Z", attributes.path("eventAt").asText(), "UTC, microseconds");
        assertEquals("Hello 👋 wörld", attributes.path("body").asText(), "utf8mb4 survives");
        assertEquals("https://mail.example.com/m/1", attributes.path("externalUrl").asText());
        assertEquals(EventDocument.parse("{\"campaign\":\"spring\",\"opens\":3,\"nested\":{\"ok\":true}}"), attributes.path("payload"));
        assertEquals("Lyon", attributes.path("requestCity").asText());
        assertEquals("mobile", attributes.path("requestDevice").asText());
        assertEquals("mail.example.com", attributes.path("requestHost").asText());
        assertEquals("ARA", attributes.path("requestRegion").asText());
        assertTrue(attributes.path("requestProxied").asBoolean());
        assertEquals(created.attributes(), attributes, "the 201 body and a fresh GET agree");

        JsonNode relationships = stored.data().path("relationships");
        assertEquals(prospect, relationships.path("prospect").path("data").path("id").asText());
        assertEquals("prospect", relationships.path("prospect").path("data").path("type").asText());
        assertEquals("acc-1", relationships.path("account").path("data").path("id").asText());
        assertEquals("u-9", relationships.path("user").path("data").path("id").asText());
        assertTrue(relationships.path("call").path("data").isNull());
        String self = relationships.path("prospect").path("links").path("self").asText();
        assertTrue(self.endsWith("/events/" + created.id() + "/relationships/prospect"), self);
        assertFalse(relationships.path("prospect").path("links").has("related"), "no links to resources we do not serve");
    }

    @Test
    void eventAtDefaultsToCreatedAtAndTimesAreServerSet() {
        Instant before = Instant.now().minusSeconds(1);
        Reply created = api.post("/events", event("mailbox_created").json()).assertStatus(201);
        JsonNode attributes = api.get("/events/" + created.id()).attributes();
        assertEquals(attributes.path("createdAt").asText(), attributes.path("eventAt").asText());
        assertEquals(attributes.path("createdAt").asText(), attributes.path("updatedAt").asText());
        Instant createdAt = Instant.parse(attributes.path("createdAt").asText());
        assertTrue(createdAt.isAfter(before) && createdAt.isBefore(Instant.now().plusSeconds(1)));
        assertTrue(attributes.path("payload").isNull());
    }

    @Test
    void clientGeneratedIdsAreForbidden() {
        EventDocument document = event("x");
        document.data().put("id", "123");
        api.post("/events", document.json()).assertError(403, "client_id_not_supported", "pointer", "/data/id");
    }

    @Test
    void readOnlyTimestampsAreForbiddenOnCreate() {
        api.post("/events", event("x").attribute("createdAt", "2026-01-01T00:00:00Z").json())
                .assertErrorAtPointer(403, "/data/attributes/createdAt");
    }

    @Test
    void nameIsRequired() {
        EventDocument document = event("x");
        ((com.fasterxml.jackson.databind.node.ObjectNode) document.data().path("attributes")).remove("name");
        api.post("/events", document.json()).assertErrorAtPointer(422, "/data/attributes/name");
        api.post("/events", event("").json()).assertErrorAtPointer(422, "/data/attributes/name");
    }

    @Test
    void wrongJsonTypesAreRefusedWithAPointer() {
        api.post("/events", event("x").attributeJson("payload", "[1,2]").json()).assertErrorAtPointer(400, "/data/attributes/payload");
        api.post("/events", event("x").attributeJson("payload", "\"text\"").json()).assertErrorAtPointer(400, "/data/attributes/payload");
        api.post("/events", event("x").attributeJson("requestProxied", "\"yes\"").json()).assertErrorAtPointer(400, "/data/attributes/requestProxied");
        api.post("/events", event("x").attributeJson("requestCity", "12").json()).assertErrorAtPointer(400, "/data/attributes/requestCity");
        api.post("/events", event("x").attribute("eventAt", "yesterday").json()).assertErrorAtPointer(400, "/data/attributes/eventAt");
        api.post("/events", event("x").attribute("eventAt", "2026-01-01T10:00:00").json()).assertErrorAtPointer(400, "/data/attributes/eventAt");
    }

    @Test
    void unknownMembersAreRefused() {
        api.post("/events", event("x").attribute("color", "red").json()).assertErrorAtPointer(400, "/data/attributes/color");
        api.post("/events", event("x").related("company", "1").json()).assertErrorAtPointer(400, "/data/relationships/company");
        api.post("/events", "{\"data\":{\"type\":\"event\",\"attributes\":{\"name\":\"x\"}},\"included\":[]}")
                .assertErrorAtPointer(400, "/included");
    }

    @Test
    void rulesOfValuesAreEnforced() {
        api.post("/events", event("x").attribute("externalUrl", "ftp://files.example.com/a").json())
                .assertErrorAtPointer(422, "/data/attributes/externalUrl");
        api.post("/events", event("x").attribute("externalUrl", "not a url").json())
                .assertErrorAtPointer(422, "/data/attributes/externalUrl");
        api.post("/events", event("x").related("prospect", "").json())
                .assertErrorAtPointer(400, "/data/relationships/prospect/data/id");
        EventDocument wrongType = event("x");
        wrongType.data().with("relationships").with("prospect").with("data").put("type", "account").put("id", "1");
        api.post("/events", wrongType.json()).assertErrorAtPointer(422, "/data/relationships/prospect/data/type");
    }

    @Test
    void oversizeValuesAreRefusedNotCut() {
        api.post("/events", event("n".repeat(256)).json()).assertErrorAtPointer(400, "/data/attributes/name");
        api.post("/events", event("x").attribute("requestCity", "c".repeat(256)).json())
                .assertErrorAtPointer(400, "/data/attributes/requestCity");
        api.post("/events", event("x").related("prospect", "p".repeat(65)).json())
                .assertErrorAtPointer(400, "/data/relationships/prospect/data/id");
        api.post("/events", event("x").attribute("externalUrl", "https://e.com/" + "a".repeat(2048)).json())
                .assertErrorAtPointer(400, "/data/attributes/externalUrl");
        api.post("/events", event("x").payload("{\"big\":\"" + "b".repeat(70_000) + "\"}").json())
                .assertErrorAtPointer(400, "/data/attributes/payload");
        // the longest allowed values are stored whole
        String name = "é".repeat(255);
        String id = api.create(event(name));
        assertEquals(name, api.get("/events/" + id).attributes().path("name").asText());
    }

    @Test
    void theDocumentItselfMustBeWellFormed() {
        api.post("/events", "{not json").assertErrorAtPointer(400, "");
        api.post("/events", "[]").assertErrorAtPointer(400, "");
        api.post("/events", "{\"data\":[]}").assertErrorAtPointer(400, "/data");
        api.post("/events", "{\"data\":{\"attributes\":{\"name\":\"x\"}}}").assertErrorAtPointer(400, "/data/type");
        api.post("/events", "{\"data\":{\"type\":\"event\",\"attributes\":{\"name\":\"a\",\"name\":\"b\"}}}").assertErrorAtPointer(400, "");
        api.post("/events", "{\"data\":{\"type\":\"prospect\",\"attributes\":{\"name\":\"x\"}}}")
                .assertError(409, "type_mismatch", "pointer", "/data/type");
    }
}
