package io.eventstore.feed;

import io.eventstore.event.Change;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * The streams that read one chunk of an org's feed (the hub's thread): those with room when the
 * chunk is read, which is read after the slowest of their positions. Each is handed the chunk's
 * changes after its own position, in order, until it has no room: then it leaves the chunk and reads
 * on from its position in a later one. It must not take a later change of this chunk even if its
 * client makes room meanwhile (on another thread): the changes it refused would be skipped for good.
 */
final class ChunkReaders {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkReaders.class);

    private final List<ChangeStream> readers = new ArrayList<>();
    private final long from;

    /** The streams among {@code streams} that read a chunk now, if any of them has not read through {@code last}. */
    ChunkReaders(List<ChangeStream> streams, long last) {
        long slowest = Long.MAX_VALUE;
        for (ChangeStream stream : streams) {
            if (stream.hasRoom()) {
                readers.add(stream);
                if (stream.cursor() < last) {
                    slowest = Math.min(slowest, stream.cursor());
                }
            }
        }
        this.from = slowest;
    }

    /** Whether a chunk is to be read: some stream with room has not read the feed through its last position. */
    boolean wanted() {
        return from != Long.MAX_VALUE;
    }

    /** Where the chunk starts (after this position): no reader's position is before it, so none skips a change. */
    long from() {
        return from;
    }

    /** Hands the next change of the chunk to each reader that has not read it and still has room. */
    void offer(Change change, long now) {
        for (Iterator<ChangeStream> it = readers.iterator(); it.hasNext(); ) {
            ChangeStream stream = it.next();
            if (stream.cursor() >= change.position()) {
                continue;
            }
            if (!stream.hasRoom()) {
                it.remove();
                continue;
            }
            take(stream, change, now);
        }
    }

    /** A fault with one stream's change ends that stream, never the others' delivery. */
    private static void take(ChangeStream stream, Change change, long now) {
        try {
            stream.take(change, now);
        } catch (RuntimeException fault) {
            String id = UUID.randomUUID().toString();
            LOG.error("event stream failed on change {} of org {}, error id {}", change.position(), change.event().orgId(), id, fault);
            stream.fail(id);
        }
    }
}
