package io.eventstore.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * API token secrets: {@code evs_} and 43 base64url characters (256 random bits). Only their
 * SHA-256 hash is stored; with this much entropy a slow password hash would add nothing.
 */
public final class TokenSecrets {

    static final String PREFIX = "evs_";
    private static final Pattern SHAPE = Pattern.compile("evs_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a presented string can be a token at all (garbage is refused without a database look-up). */
    public static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The first characters, enough to recognise a token in a list and useless to an attacker. */
    public static String displayPrefix(String token) {
        return token.substring(0, PREFIX.length() + 6);
    }
}
