package io.eventstore.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * A receiver's check of a delivery, written from the Standard Webhooks specification alone (not
 * from the service's code): the secret's bytes are the base64 after {@code whsec_}; the signed
 * content is {@code webhook-id.webhook-timestamp.body}; the header lists space-separated
 * {@code v1,<base64 HMAC-SHA256>} signatures, any one of which may match.
 */
public final class StandardWebhooks {

    private StandardWebhooks() {
    }

    public static boolean verifies(String secret, String id, String timestamp, String body, String signatureHeader) {
        if (!secret.startsWith("whsec_") || id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        byte[] expected = hmac(Base64.getDecoder().decode(secret.substring(6)), id + "." + timestamp + "." + body);
        for (String signature : signatureHeader.split(" ")) {
            String[] parts = signature.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                return true;
            }
        }
        return false;
    }

    public static boolean verifies(String secret, Receiver.Received delivery) {
        return verifies(secret, delivery.header("webhook-id"), delivery.header("webhook-timestamp"), delivery.body(),
                delivery.header("webhook-signature"));
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
