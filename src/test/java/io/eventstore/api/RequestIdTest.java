package io.eventstore.api;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request ids as the edge makes them, and the logging's copy of one on a thread. */
class RequestIdTest {

    @Test
    void generatedIdsAreDistinctVersionFourUuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String value = RequestId.generate().value();
            UUID uuid = UUID.fromString(value);
            assertEquals(4, uuid.version(), value);
            assertEquals(2, uuid.variant(), value); // RFC 4122's variant
            assertEquals(value, uuid.toString());
            assertTrue(seen.add(value), "generated twice: " + value);
        }
    }

    @Test
    void aSaneClientIdIsKeptAndAnythingElseReplaced() {
        assertEquals("trace-42:a.b_c", RequestId.from("trace-42:a.b_c").value());
        for (String insane : new String[] {null, "", "has space", "x".repeat(129), "new\nline", "é"}) {
            String value = RequestId.from(insane).value();
            assertEquals(4, UUID.fromString(value).version(), String.valueOf(insane));
        }
    }

    @Test
    void theLoggingCopyIsSetForTheRequestAndPutBackAfter() {
        RequestIdLogging logging = new RequestIdLogging(new RequestId("r-1"));
        MDC.remove(RequestId.MDC_KEY);
        String before = logging.updateThreadContext();
        assertEquals("r-1", MDC.get(RequestId.MDC_KEY));
        logging.restoreThreadContext(before);
        assertNull(MDC.get(RequestId.MDC_KEY));

        MDC.put(RequestId.MDC_KEY, "outer"); // a part of another request's work on this thread
        before = logging.updateThreadContext();
        assertEquals("r-1", MDC.get(RequestId.MDC_KEY));
        logging.restoreThreadContext(before);
        assertEquals("outer", MDC.get(RequestId.MDC_KEY));
        MDC.remove(RequestId.MDC_KEY);
    }
}
