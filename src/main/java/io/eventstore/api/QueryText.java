package io.eventstore.api;

import io.eventstore.error.ApiException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The query string as sent, checked before Micronaut's decoding (which replaces invalid UTF-8 with
 * U+FFFD and lets NUL through): every name and value must percent-decode to valid UTF-8 without
 * control characters, as request bodies must. A filter on a mangled value would silently match
 * nothing; a 400 at the parameter says what is wrong.
 */
final class QueryText {

    private QueryText() {
    }

    static void check(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String name = decode(rawName, rawName);
            if (equals >= 0) {
                decode(pair.substring(equals + 1), name);
            }
        }
    }

    /** The text of one percent-encoded component; refused at {@code parameter} when it is not clean UTF-8. */
    private static String decode(String raw, String parameter) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '%') {
                throw refused(parameter, "has a '%' that does not start a percent-escape");
            } else {
                bytes.write(c == '+' ? ' ' : c);
            }
        }
        String text;
        try {
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            text = utf8.decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw refused(parameter, "is not valid UTF-8 once percent-decoded");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20 || text.charAt(i) == 0x7F) {
                throw refused(parameter, "holds a control character");
            }
        }
        return text;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static ApiException refused(String parameter, String problem) {
        return ApiException.atParameter(parameter, "invalid_query", "The query parameter " + problem + ".");
    }
}
