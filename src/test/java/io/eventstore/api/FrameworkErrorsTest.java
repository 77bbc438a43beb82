package io.eventstore.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which IllegalArgumentExceptions are the client's fault (a 400): only those of the HTTP decoding. */
class FrameworkErrorsTest {

    private static IllegalArgumentException thrownBy(String className) {
        IllegalArgumentException e = new IllegalArgumentException("x");
        e.setStackTrace(new StackTraceElement[]{new StackTraceElement(className, "decode", null, 1)});
        return e;
    }

    @Test
    void onlyTheDecodingOfTheRequestIsTheClientsFault() {
        assertTrue(FrameworkErrors.decodingTheRequest(thrownBy("io.netty.handler.codec.http.QueryStringDecoder")));
        assertTrue(FrameworkErrors.decodingTheRequest(thrownBy("java.net.URLDecoder")));
        assertFalse(FrameworkErrors.decodingTheRequest(thrownBy("io.eventstore.ingest.Idempotency")));
        assertFalse(FrameworkErrors.decodingTheRequest(new IllegalArgumentException("ours")));
        assertFalse(FrameworkErrors.decodingTheRequest(new IllegalStateException("not an argument")));
    }
}
