package io.eventstore.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.eventstore.ingest.StoredAnswer;

import java.nio.charset.StandardCharsets;

/**
 * An idempotent answer is stored with a placeholder where the base of its links goes, and given the
 * base of the request that gets it, first answer and replays alike: a replay through another
 * accepted host (or after EVENT_STORE_PUBLIC_URL changed) links to where it was asked, and no Host
 * a client sent is kept and repeated to others.
 *
 * <p>The placeholder begins with U+0000, which the writer escapes as {@code \u0000}; request
 * documents cannot hold U+0000 (StrictJson refuses it), so a JSON string that starts with the
 * escaped placeholder is one of our links, never a client's text.
 */
final class StoredBase {

    static final String PLACEHOLDER = "\u0000stored-base";
    private static final byte[] IN_DOCUMENT = "\"\\u0000stored-base".getBytes(StandardCharsets.US_ASCII);

    private StoredBase() {
    }

    /** The stored answer with its links on {@code base}. */
    static StoredAnswer on(StoredAnswer answer, String base) {
        String location = answer.location() == null ? null : answer.location().replace(PLACEHOLDER, base);
        return new StoredAnswer(answer.status(), location, answer.contentType(),
                answer.body() == null ? null : replace(answer.body(), base));
    }

    private static byte[] replace(byte[] body, String base) {
        byte[] with = ("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(base))).getBytes(StandardCharsets.UTF_8);
        int count = 0;
        for (int i = indexOf(body, 0); i >= 0; i = indexOf(body, i + IN_DOCUMENT.length)) {
            count++;
        }
        if (count == 0) {
            return body;
        }
        byte[] out = new byte[body.length + count * (with.length - IN_DOCUMENT.length)];
        int from = 0;
        int to = 0;
        for (int i = indexOf(body, 0); i >= 0; i = indexOf(body, from)) {
            System.arraycopy(body, from, out, to, i - from);
            to += i - from;
            System.arraycopy(with, 0, out, to, with.length);
            to += with.length;
            from = i + IN_DOCUMENT.length;
        }
        System.arraycopy(body, from, out, to, body.length - from);
        return out;
    }

    private static int indexOf(byte[] body, int from) {
        outer:
        for (int i = from; i <= body.length - IN_DOCUMENT.length; i++) {
            for (int j = 0; j < IN_DOCUMENT.length; j++) {
                if (body[i + j] != IN_DOCUMENT[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
