package io.eventstore.feed;

import io.eventstore.event.Change;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who reads a chunk of the feed and which of its changes each takes: a stream never takes a change
 * after one it had no room for, so that it never skips one (the order test once lost 17 positions so).
 */
class ChunkReadersTest {

    private static final long ONE = ChangeStream.size(change(1));

    private static Change change(long position) {
        return ChangeStreamTest.change(position, null);
    }

    /** A stream at {@code position} with room for {@code changes} changes, and its reader (asking for nothing yet). */
    private static ChangeStream stream(long position, int changes) {
        return new ChangeStream(null, List.of(), position, changes * ONE, System.nanoTime(), () -> { });
    }

    private static ChangeStreamTest.Reader subscribe(ChangeStream stream) {
        ChangeStreamTest.Reader reader = new ChangeStreamTest.Reader();
        stream.messages().subscribe(reader);
        return reader;
    }

    private static List<Long> positions(ChangeStreamTest.Reader reader) {
        return reader.got.stream().map(m -> ((StreamMessage.Changed) m).change().position()).toList();
    }

    @Test
    void aStreamThatRefusedAChangeTakesNoLaterOneOfTheChunkEvenWhenItsClientMakesRoom() {
        ChangeStream stream = stream(0, 2);
        ChangeStreamTest.Reader reader = subscribe(stream);
        ChunkReaders chunk = new ChunkReaders(List.of(stream), 10);
        assertEquals(0, chunk.from());
        long now = System.nanoTime();
        chunk.offer(change(1), now);
        chunk.offer(change(2), now);
        chunk.offer(change(3), now); // full: refused
        reader.subscription.request(2); // the client reads (on Netty's thread, in the service) in the middle of the chunk
        assertTrue(stream.hasRoom());
        chunk.offer(change(4), now);
        chunk.offer(change(5), now);
        assertEquals(2, stream.cursor(), "the stream stays at the change it refused");
        assertEquals(List.of(1L, 2L), positions(reader));

        ChunkReaders next = new ChunkReaders(List.of(stream), 10);
        assertEquals(2, next.from(), "the next chunk is read after the stream's position");
        for (long position = 3; position <= 5; position++) {
            next.offer(change(position), now);
        }
        reader.subscription.request(10);
        assertEquals(List.of(1L, 2L, 3L, 4L), positions(reader), "3 and 4 took the room; 5 waits for the next chunk");
        assertEquals(4, stream.cursor());
    }

    @Test
    void aStreamWithoutRoomWhenTheChunkIsReadTakesNoneOfIt() {
        ChangeStream ahead = stream(5, 10);
        ChangeStream full = stream(1, 1);
        ChangeStreamTest.Reader fullReader = subscribe(full);
        subscribe(ahead).subscription.request(100);
        full.take(change(2), System.nanoTime());
        assertFalse(full.hasRoom());

        ChunkReaders chunk = new ChunkReaders(List.of(ahead, full), 10);
        assertEquals(5, chunk.from(), "read after the slowest stream with room");
        fullReader.subscription.request(10); // the full stream's client reads while the chunk is handed out
        for (long position = 6; position <= 10; position++) {
            chunk.offer(change(position), System.nanoTime());
        }
        assertEquals(10, ahead.cursor());
        assertEquals(2, full.cursor(), "6 and later would skip 3 to 5, which this chunk does not hold");
        assertEquals(List.of(2L), positions(fullReader));
    }

    @Test
    void streamsThatHaveReadThroughTheFeedWantNoChunk() {
        ChunkReaders none = new ChunkReaders(List.of(stream(10, 5), stream(12, 5)), 10);
        assertFalse(none.wanted());
        ChunkReaders some = new ChunkReaders(List.of(stream(10, 5), stream(7, 5)), 10);
        assertTrue(some.wanted());
        assertEquals(7, some.from());
    }

    @Test
    void aStreamBeyondTheFeedsLastPositionStillTakesWhatFollowsItsOwn() {
        // the sequencer positioned more after the hub read the feed's state: the chunk may hold them
        ChangeStream behind = stream(3, 10);
        ChangeStream atLast = stream(5, 10);
        subscribe(behind).subscription.request(100);
        subscribe(atLast).subscription.request(100);
        ChunkReaders chunk = new ChunkReaders(List.of(behind, atLast), 5);
        assertEquals(3, chunk.from());
        for (long position = 4; position <= 7; position++) {
            chunk.offer(change(position), System.nanoTime());
        }
        assertEquals(7, behind.cursor());
        assertEquals(7, atLast.cursor());
    }
}
