package io.eventstore.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The logging's copy of a request id on a thread, as Micronaut enters and leaves the request's context. */
class RequestIdLoggingTest {

    @AfterEach
    void clean() {
        MDC.remove(RequestId.MDC_KEY);
    }

    @Test
    void setWhileTheRequestRunsAndRemovedAfter() {
        RequestIdLogging logging = new RequestIdLogging(new RequestId("req-1"));
        String before = logging.updateThreadContext();
        assertEquals("req-1", MDC.get(RequestId.MDC_KEY));
        logging.restoreThreadContext(before);
        assertNull(MDC.get(RequestId.MDC_KEY));
    }

    @Test
    void enteringTheSameRequestAgainLeavesTheOuterCopyInPlace() {
        RequestIdLogging logging = new RequestIdLogging(new RequestId("req-1"));
        String outer = logging.updateThreadContext();
        String inner = logging.updateThreadContext();
        String innermost = new RequestIdLogging(new RequestId("req-1")).updateThreadContext(); // an equal id
        assertEquals("req-1", MDC.get(RequestId.MDC_KEY));
        logging.restoreThreadContext(innermost);
        logging.restoreThreadContext(inner);
        assertEquals("req-1", MDC.get(RequestId.MDC_KEY), "the outer scope still runs");
        logging.restoreThreadContext(outer);
        assertNull(MDC.get(RequestId.MDC_KEY));
    }

    @Test
    void anotherRequestInsidePutsTheFirstBack() {
        RequestIdLogging first = new RequestIdLogging(new RequestId("req-1"));
        RequestIdLogging second = new RequestIdLogging(new RequestId("req-2"));
        String outer = first.updateThreadContext();
        String inner = second.updateThreadContext();
        assertEquals("req-2", MDC.get(RequestId.MDC_KEY));
        second.restoreThreadContext(inner);
        assertEquals("req-1", MDC.get(RequestId.MDC_KEY));
        first.restoreThreadContext(outer);
        assertNull(MDC.get(RequestId.MDC_KEY));
    }

    @Test
    void aValueThatMerelyReadsLikeTheMarkerIsPutBack() {
        MDC.put(RequestId.MDC_KEY, "unchanged"); // the marker is compared by identity, not by text
        RequestIdLogging logging = new RequestIdLogging(new RequestId("req-1"));
        String before = logging.updateThreadContext();
        logging.restoreThreadContext(before);
        assertEquals("unchanged", MDC.get(RequestId.MDC_KEY));
    }
}
