package io.eventstore.api;

import io.eventstore.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strict reading of request bodies: RFC 3629 UTF-8, one JSON object, no duplicate keys. */
class StrictJsonTest {

    @ParameterizedTest(name = "well-formed: {0}")
    @ValueSource(strings = {"41", "c3a9", "e282ac", "f09f9880", "efbfbf", "f48fbfbf", ""})
    void wellFormedUtf8(String hex) {
        assertTrue(StrictJson.wellFormedUtf8(HexFormat.of().parseHex(hex)));
    }

    @ParameterizedTest(name = "malformed: {0}")
    @ValueSource(strings = {"c0af", "c1bf", "e080af", "eda080", "edbfbf", "f08f8080", "f4908080", "f5808080", "80", "c3", "e282", "ff"})
    void malformedUtf8(String hex) {
        assertFalse(StrictJson.wellFormedUtf8(HexFormat.of().parseHex(hex)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"x\"", "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "{bad}", "{\"a\":1"})
    void onlyOneWellFormedObjectIsADocument(String body) {
        ApiException refusal = assertThrows(ApiException.class, () -> StrictJson.parseObject(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, refusal.status());
        assertEquals("", refusal.source().pointer());
    }

    @Test
    void nestingIsBounded() {
        String deep = "{\"a\":".repeat(70) + "1" + "}".repeat(70);
        assertThrows(ApiException.class, () -> StrictJson.parseObject(deep.getBytes(StandardCharsets.UTF_8)));
        String fine = "{\"a\":".repeat(60) + "1" + "}".repeat(60);
        assertTrue(StrictJson.parseObject(fine.getBytes(StandardCharsets.UTF_8)).isObject());
    }
}
