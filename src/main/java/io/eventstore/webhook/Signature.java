package io.eventstore.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code webhook-signature} header of the Standard Webhooks specification: {@code v1,} and the
 * base64 HMAC-SHA256 of {@code id.timestamp.body} under each secret, space-separated (during a
 * rotation's overlap the old secret signs too, so receivers with either secret verify).
 */
public final class Signature {

    private Signature() {
    }

    public static String header(String deliveryId, long timestampSeconds, byte[] body, List<SigningSecret> secrets) {
        return secrets.stream().map(secret -> "v1," + sign(secret, deliveryId, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    static String sign(SigningSecret secret, String deliveryId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update((deliveryId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
