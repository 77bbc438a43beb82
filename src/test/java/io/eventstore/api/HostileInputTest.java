package io.eventstore.api;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Bytes;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each kind of hostile input named by the contract is refused with 400 or 413 and stores nothing. */
class HostileInputTest extends ApiTestBase {

    private static final Map<String, String> POST_HEADERS = Map.of("Accept", Api.JSON_API, "Content-Type", Api.JSON_API);

    @Inject
    Store store;

    private String before;

    private void remember() {
        before = store.snapshot(org);
    }

    private void assertUnchanged() {
        assertEquals(before, store.snapshot(org));
    }

    private static byte[] insertIntoName(byte[] bad) {
        String valid = event("bytes").json();
        return Bytes.insert(valid.getBytes(StandardCharsets.UTF_8), valid.indexOf("bytes"), bad); // ASCII up to there
    }

    @Test
    void invalidUtf8AndRawNulBytesAreRefused() {
        remember();
        byte[] valid = event("bytes").json().getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][]{{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80}, {0}, {0x1F},
                {(byte) 0xC0, (byte) 0xAF} /* overlong '/' */, {(byte) 0xED, (byte) 0xA0, (byte) 0x80} /* encoded surrogate */}) {
            api.sendBytes("POST", "/events", POST_HEADERS, insertIntoName(bad)).assertError(400, "invalid_document", "pointer", "");
        }
        assertUnchanged();
    }

    @Test
    void escapedNulCharactersAndLoneSurrogatesAreRefusedWhereverTheyAre() {
        remember();
        api.post("/events", event("a\u0000b").json()).assertError(400, "unsupported_value", "pointer", "/data/attributes/name");
        api.post("/events", event("nul").attribute("body", "x\u0000").json())
                .assertError(400, "unsupported_value", "pointer", "/data/attributes/body");
        api.post("/events", event("nul").payload("{\"k\":[\"ok\",\"\\u0000\"]}").json())
                .assertError(400, "unsupported_value", "pointer", "/data/attributes/payload/k/1");
        api.post("/events", event("nul").payload("{\"\\u0000\":1}").json())
                .assertError(400, "unsupported_value", "pointer", "/data/attributes/payload/\u0000");
        api.post("/events", event("half").jsonWithRaw("body", "\"\\ud800\""))
                .assertError(400, "unsupported_value", "pointer", "/data/attributes/body");
        api.post("/events", event("half").jsonWithRaw("payload", "{\"k\":\"\\udc00x\"}"))
                .assertError(400, "unsupported_value", "pointer", "/data/attributes/payload/k");
        api.post("/events", event("nul").related("prospect", "p\u0000").json())
                .assertError(400, "unsupported_value", "pointer", "/data/relationships/prospect/data/id");
        assertUnchanged();
    }

    @Test
    void absurdNumbersAreRefused() {
        remember();
        for (String number : new String[]{"1e999999", "-1e400", "123456789012345678901234567890", "1" + "0".repeat(99)}) {
            api.post("/events", event("numbers").jsonWithRaw("payload", "{\"n\":{\"deep\":" + number + "}}"))
                    .assertError(400, "unsupported_value", "pointer", "/data/attributes/payload/n/deep");
        }
        api.post("/events", event("numbers").jsonWithRaw("payload", "{\"n\":1" + "0".repeat(200) + "}"))
                .assertError(400, "invalid_document", "pointer", ""); // longer than any number the parser reads
        api.post("/events", event("numbers").jsonWithRaw("eventAt", "1e999999")).assertErrorAtPointer(400, "/data/attributes/eventAt");
        api.patch("/events/99999999999999999999999999", "{\"data\":{\"type\":\"event\",\"id\":\"99999999999999999999999999\"}}")
                .assertStatus(404);
        assertUnchanged();
    }

    @Test
    void deepOrHugeDocumentsAreRefused() {
        remember();
        String pointer = api.post("/events", event("deep").payload("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}").json())
                .assertError(400, "payload_too_deep", null, null).json().path("errors").path(0).path("source").path("pointer").asText();
        assertEquals("/data/attributes/payload/a" + "/0".repeat(31), pointer, "where the nesting goes too deep");
        api.post("/events", "{\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}").assertError(400, "invalid_document", "pointer", "");
        api.post("/events", event("huge").payload("{\"a\":\"" + "x".repeat(70_000) + "\"}").json())
                .assertError(400, "payload_too_large", "pointer", "/data/attributes/payload");
        api.post("/events", event("huge").attribute("body", "y".repeat(9 * 1024 * 1024)).json()).assertError(413, "payload_too_large", null, null);
        assertUnchanged();
    }

    @Test
    void oversizeUrlsHeadersAndParameterListsAreRefused() {
        api.get(Api.events("filter[name]", "n".repeat(40_000))).assertError(413, "payload_too_large", null, null);
        api.send("GET", "/events", Map.of("Accept", Api.JSON_API, "X-Filler", "h".repeat(20_000)), null)
                .assertError(413, "payload_too_large", null, null);
        // an analyst's list of 1,000 prospect ids fits in a URL; one more is refused by the filter, not the server
        api.get(Api.events("filter[prospect][id]", "1234567,".repeat(999) + "1")).assertStatus(200);
        api.get(Api.events("filter[prospect][id]", "1234567,".repeat(1000) + "1")).assertError(400, null, "parameter", "filter[prospect][id]");
        api.send("GET", "/events", Map.of("Accept", Api.JSON_API, "Idempotency-Key", "k".repeat(300)), null).assertStatus(200);
        api.send("POST", "/events", Map.of("Accept", Api.JSON_API, "Content-Type", Api.JSON_API, "Idempotency-Key", "k".repeat(300)),
                event("keyed").json()).assertError(400, "invalid_idempotency_key", "header", "Idempotency-Key");
    }
}
