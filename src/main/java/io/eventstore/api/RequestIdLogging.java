package io.eventstore.api;

import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import org.slf4j.MDC;

/**
 * The logging's copy of a request's id (logback's {@code %X{requestId}}), set on whichever thread
 * runs a part of the request (the event loop, the reads or blocking pool) for as long as it does, and
 * put back as it was after. The code itself passes the {@link RequestId}; this is for the lines
 * Micronaut, the driver and the pool write on the request's behalf.
 */
record RequestIdLogging(RequestId id) implements ThreadPropagatedContextElement<String> {

    @Override
    public String updateThreadContext() {
        String before = MDC.get(RequestId.MDC_KEY);
        MDC.put(RequestId.MDC_KEY, id.value());
        return before;
    }

    @Override
    public void restoreThreadContext(String before) {
        if (before == null) {
            MDC.remove(RequestId.MDC_KEY);
        } else {
            MDC.put(RequestId.MDC_KEY, before);
        }
    }
}
