package io.eventstore.webhook;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Seals hooks' signing secrets for the database (AES-256-GCM, a fresh nonce each, the hook's org
 * and id as associated data so that a sealed secret copied to another hook does not open): the
 * service must be able to sign with them, so they cannot be hashed like tokens, but a copy of the
 * table alone does not give them away. The key comes from {@link SecretSealKey}.
 */
public final class SecretSeal {

    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretSeal(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the key that seals webhook secrets must be 32 bytes (base64 of 32 random bytes)");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public byte[] seal(SigningSecret secret, long orgId, long webhookId) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, orgId, webhookId, secret.key());
        return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
    }

    public SigningSecret open(byte[] sealed, long orgId, long webhookId) {
        byte[] nonce = java.util.Arrays.copyOfRange(sealed, 0, NONCE);
        return new SigningSecret(run(Cipher.DECRYPT_MODE, nonce, orgId, webhookId,
                java.util.Arrays.copyOfRange(sealed, NONCE, sealed.length)));
    }

    private byte[] run(int mode, byte[] nonce, long orgId, long webhookId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ByteBuffer.allocate(16).putLong(orgId).putLong(webhookId).array());
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // a wrong key (event-store.webhooks.secret-key changed) or a damaged row
            throw new IllegalStateException("a webhook secret does not open with this key", e);
        }
    }
}
