package io.eventstore.event.query;

import io.eventstore.error.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Cursors are opaque, signed and bound to their sort. */
class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec("a test key of enough length".getBytes(StandardCharsets.UTF_8));

    @Test
    void aCursorComesBackAsItWasWritten() {
        Cursor cursor = new Cursor(7, "-eventAt,createdAt", List.of(1_700_000_000_123_456L, -5L), 1L << 62);
        assertEquals(cursor, codec.decode("page[after]", codec.encode(cursor), "-eventAt,createdAt"));
    }

    @Test
    void aForgedAlteredOrForeignTokenIsRefused() {
        String token = codec.encode(new Cursor(7, "-eventAt", List.of(1L), 2L));
        String altered = token.charAt(0) == 'A' ? "B" + token.substring(1) : "A" + token.substring(1);
        String foreign = new CursorCodec("another key".getBytes(StandardCharsets.UTF_8)).encode(new Cursor(7, "-eventAt", List.of(1L), 2L));
        for (String bad : List.of(altered, foreign, "", ".", "abc", "x".repeat(600), token + "x")) {
            ApiException refusal = assertThrows(ApiException.class, () -> codec.decode("page[after]", bad, "-eventAt"), bad);
            assertEquals("invalid_cursor", refusal.code());
            assertEquals("page[after]", refusal.source().parameter());
        }
    }

    @Test
    void aCursorOfAnotherSortIsRefused() {
        String token = codec.encode(new Cursor(7, "-eventAt", List.of(1L), 2L));
        assertEquals("cursor_sort_mismatch", assertThrows(ApiException.class,
                () -> codec.decode("page[before]", token, "createdAt")).code());
    }
}
