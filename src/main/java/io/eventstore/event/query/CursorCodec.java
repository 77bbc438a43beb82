package io.eventstore.event.query;

import io.eventstore.error.ApiException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Writes cursors as opaque tokens and reads them back. A token is the cursor's fields, base64url,
 * followed by an HMAC-SHA256 tag under the service's key: a forged or altered token is refused,
 * and so is a token of another sort.
 */
public class CursorCodec {

    private static final String VERSION = "1";
    private static final int TAG_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    static final int MAX_TOKEN_LENGTH = 2048; // a catalog cursor holds a name of up to 255 characters

    private final SecretKeySpec key;

    public CursorCodec(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String encode(Cursor cursor) {
        StringBuilder text = new StringBuilder(VERSION).append('|').append(cursor.orgId()).append('|')
                .append(cursor.sort()).append('|');
        for (int i = 0; i < cursor.values().size(); i++) {
            text.append(i == 0 ? "" : ",").append(cursor.values().get(i));
        }
        text.append('|').append(cursor.id());
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(tag(body));
    }

    /** Reads a token given as {@code parameter}; the cursor must belong to {@code expectedSort}. */
    public Cursor decode(String parameter, String token, String expectedSort) {
        byte[] body = verifiedBody(parameter, token);
        String[] fields = new String(body, StandardCharsets.UTF_8).split("\\|", -1);
        try {
            if (fields.length != 5 || !VERSION.equals(fields[0])) {
                throw invalid(parameter);
            }
            if (!fields[2].equals(expectedSort)) {
                throw ApiException.atParameter(parameter, "cursor_sort_mismatch",
                        "This cursor belongs to another sort order; use the links of a response with sort=" + expectedSort + ".");
            }
            List<Long> values = new ArrayList<>();
            for (String value : fields[3].isEmpty() ? new String[0] : fields[3].split(",")) {
                values.add(Long.parseLong(value));
            }
            return new Cursor(Long.parseLong(fields[1]), fields[2], values, Long.parseLong(fields[4]));
        } catch (NumberFormatException e) {
            throw invalid(parameter);
        }
    }

    /** Any position as an opaque, signed token (the catalog of names' cursors: a sort value and a name). */
    public String sign(String position) {
        byte[] body = position.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(tag(body));
    }

    /** The position a token of {@link #sign} holds; a forged or altered token is refused as {@code parameter}. */
    public String verified(String parameter, String token) {
        return new String(verifiedBody(parameter, token), StandardCharsets.UTF_8);
    }

    private byte[] verifiedBody(String parameter, String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid(parameter);
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw invalid(parameter);
        }
        try {
            byte[] body = DECODER.decode(token.substring(0, dot));
            byte[] tag = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(tag, tag(body))) {
                throw invalid(parameter);
            }
            return body;
        } catch (IllegalArgumentException e) {
            throw invalid(parameter);
        }
    }

    private byte[] tag(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(body), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static ApiException invalid(String parameter) {
        return ApiException.atParameter(parameter, "invalid_cursor",
                "This cursor was not issued by this service; use the links of a previous response.");
    }
}
