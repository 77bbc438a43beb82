package io.eventstore.feed;

import io.eventstore.event.Change;

/** What a stream sends: a change, a heartbeat, or the reason it ends (then nothing more). */
public sealed interface StreamMessage {

    record Changed(Change change) implements StreamMessage {
    }

    /** A comment that keeps proxies from closing an idle stream; {@code position} is how far the stream has read. */
    record Heartbeat(long position) implements StreamMessage {
    }

    /**
     * The stream ends: {@code code} says why; {@code resumeAfter} is the position to resume after
     * ({@code Last-Event-ID}), or -1 when resuming would not help (the token no longer works);
     * {@code id} is the opaque id of a fault of ours (in the log too), else null.
     */
    record End(String id, String code, String title, String detail, long resumeAfter) implements StreamMessage {
    }
}
