package io.eventstore.webhook;

import io.eventstore.support.StandardWebhooks;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignatureTest {

    private static SigningSecret secret(String text) {
        return new SigningSecret(Base64.getDecoder().decode(text.substring(SigningSecret.PREFIX.length())));
    }

    /** The example of the Standard Webhooks reference libraries' tests. */
    @Test
    void signsTheSpecificationsExampleAsItsLibrariesDo() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        String header = Signature.header("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, List.of(secret(secret)));
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", header);
        assertTrue(StandardWebhooks.verifies(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "{\"test\": 2432232314}", header));
        assertFalse(StandardWebhooks.verifies(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331", "{\"test\": 2432232314}", header));
    }

    @Test
    void duringARotationEitherSecretVerifies() {
        SigningSecret current = SigningSecret.generate();
        SigningSecret previous = SigningSecret.generate();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String header = Signature.header("7", 100, body, List.of(current, previous));
        assertEquals(2, header.split(" ").length);
        assertTrue(StandardWebhooks.verifies(current.text(), "7", "100", "{}", header));
        assertTrue(StandardWebhooks.verifies(previous.text(), "7", "100", "{}", header));
        assertFalse(StandardWebhooks.verifies(SigningSecret.generate().text(), "7", "100", "{}", header));
    }

    @Test
    void aSecretIsTheWhsecFormOf24RandomBytes() {
        SigningSecret secret = SigningSecret.generate();
        assertTrue(secret.text().startsWith("whsec_"));
        assertEquals(24, Base64.getDecoder().decode(secret.text().substring(6)).length);
    }

    @Test
    void aSealedSecretOpensOnlyForItsOwnHookWithItsKey() {
        byte[] key = new byte[32];
        key[0] = 1;
        SecretSeal seal = new SecretSeal(key);
        SigningSecret secret = SigningSecret.generate();
        byte[] sealed = seal.seal(secret, 5, 9);
        assertEquals(secret.text(), seal.open(sealed, 5, 9).text());
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains(new String(secret.key(), StandardCharsets.ISO_8859_1)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> seal.open(sealed, 5, 10));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> new SecretSeal(new byte[32]).open(sealed, 5, 9));
    }
}
