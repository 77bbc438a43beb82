package io.eventstore.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A hook's signing secret in the Standard Webhooks form: {@code whsec_} and the base64 of 24
 * random bytes; the bytes are the HMAC key. Shown to the client once, when made.
 */
public record SigningSecret(byte[] key) {

    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static SigningSecret generate() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return new SigningSecret(key);
    }

    public String text() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }
}
