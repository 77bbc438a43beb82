package io.eventstore.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shape a presented token must have before it costs a hash and a look-up. */
class TokenSecretsTest {

    @Test
    void generatedTokensAreWellFormed() {
        for (int i = 0; i < 200; i++) {
            String token = TokenSecrets.generate();
            assertTrue(TokenSecrets.wellFormed(token), token);
        }
    }

    @Test
    void everyBase64UrlCharacterIsAccepted() {
        String secret = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"; // 43 characters
        assertTrue(TokenSecrets.wellFormed("evs_" + secret));
        assertTrue(TokenSecrets.wellFormed("evs_" + "rstuvwxyz0123456789-_ABCDEFGHIJKLMNOPQRSTUV"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "evs_",
            "evs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop", // 42 characters
            "evs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr", // 44 characters
            "EVS_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq", // the prefix is lower case
            "xyz_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq",
            "evs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno+q", // base64's +, not base64url
            "evs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno/q",
            "evs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno=q",
            "evs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno q",
            "evs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnoéq", // a letter outside ASCII
            "evs_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno\u0000q"})
    void anythingElseIsRefused(String presented) {
        assertFalse(TokenSecrets.wellFormed(presented));
    }

    @Test
    void nullIsRefused() {
        assertFalse(TokenSecrets.wellFormed(null));
    }

    @Test
    void theHashIsSha256OfTheWholeToken() {
        // SHA-256("evs_" + 43 'A's), computed independently: echo -n ... | sha256sum
        String token = "evs_" + "A".repeat(43);
        assertEquals("d0cce37b92a6b1982f078b1388a2e4b86ba23421ca122113f46c8d7af5366bde",
                HexFormat.of().formatHex(TokenSecrets.hash(token)));
    }
}
