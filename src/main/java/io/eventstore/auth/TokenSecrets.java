package io.eventstore.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * API token secrets: {@code evs_} and 43 base64url characters (256 random bits). Only their
 * SHA-256 hash is stored; with this much entropy a slow password hash would add nothing.
 */
public final class TokenSecrets {

    static final String PREFIX = "evs_";
    private static final int SECRET_LENGTH = 43;
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
        if (token == null || token.length() != PREFIX.length() + SECRET_LENGTH || !token.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            if (!base64Url(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean base64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
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
