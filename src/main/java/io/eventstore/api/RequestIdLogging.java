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

    /**
     * What {@link #updateThreadContext} answers when the thread already carries this id: Micronaut
     * enters the request's context again and again on the same thread (each filter, each publisher,
     * the connection), and logback copies its map on each change, so the nested entries change nothing.
     */
    private static final String UNCHANGED = new String("unchanged"); // compared by identity

    @Override
    public String updateThreadContext() {
        String before = MDC.get(RequestId.MDC_KEY);
        if (id.value().equals(before)) {
            return UNCHANGED;
        }
        MDC.put(RequestId.MDC_KEY, id.value());
        return before;
    }

    @Override
    @SuppressWarnings("StringEquality")
    public void restoreThreadContext(String before) {
        if (before == UNCHANGED) {
            return;
        }
        if (before == null) {
            MDC.remove(RequestId.MDC_KEY);
        } else {
            MDC.put(RequestId.MDC_KEY, before);
        }
    }
}
