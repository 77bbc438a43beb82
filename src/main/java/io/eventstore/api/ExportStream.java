package io.eventstore.api;

import io.eventstore.analytics.Exports;
import io.eventstore.auth.Caller;
import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.CursorCodec;
import io.eventstore.event.query.EventQuery;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The body of an export: one piece of bytes per chunk of events, each read from the database only
 * when the connection asked for it (Reactive Streams demand), on the exports' threads. Memory is
 * bounded by a chunk whatever the export's size; a client that reads slowly holds a thread only
 * while a chunk is read and written, and no database connection at all between chunks. The first
 * chunk is read before the answer starts, so that a fault there is still a JSON:API error with its
 * status; a fault later ends the body (NDJSON: after an error line) and the connection is cut.
 */
final class ExportStream implements Publisher<byte[]> {

    /** The formats an export is written in. */
    enum Format {
        NDJSON("application/x-ndjson"), CSV(CsvWriter.MEDIA_TYPE + "; charset=utf-8; header=present");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        /**
         * The format an Accept header asks for: the acceptable one of higher quality (NDJSON on a
         * tie, a wildcard or no header); null when it accepts neither.
         */
        static Format negotiate(String accept) {
            if (accept == null || accept.isBlank()) {
                return NDJSON;
            }
            double ndjson = 0;
            double csv = 0;
            for (String part : accept.split(",")) {
                MediaTypes.MediaRange range = MediaTypes.MediaRange.parse(part);
                if (range == null) {
                    continue;
                }
                switch (range.type()) {
                    case "application/x-ndjson", "application/*" -> ndjson = Math.max(ndjson, range.quality());
                    case CsvWriter.MEDIA_TYPE, "text/*" -> csv = Math.max(csv, range.quality());
                    case "*/*" -> {
                        ndjson = Math.max(ndjson, range.quality());
                        csv = Math.max(csv, range.quality() / 2); // a wildcard alone means the default
                    }
                    default -> { }
                }
            }
            if (ndjson <= 0 && csv <= 0) {
                return null;
            }
            return csv > ndjson ? CSV : NDJSON;
        }

        String fileName() {
            return this == NDJSON ? "events.ndjson" : "events.csv";
        }
    }

    private final Exports exports;
    private final Caller caller;
    private final EventQuery query;
    private final Format format;
    private final Set<EventField> fields;
    private final List<EventField> columns;
    private final String baseUrl;
    private final CursorCodec cursors;
    private final Exports.Permit permit;
    private final Executor executor;
    private final RequestId requestId;

    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile Subscriber<? super byte[]> subscriber;
    private volatile boolean cancelled;
    // the pump's alone (one thread at a time, ordered by wip)
    private List<Event> next;
    private Cursor after;
    private String resumeAfter;
    private volatile long exported;
    private boolean started;
    private boolean done;

    ExportStream(Exports exports, Caller caller, EventQuery query, Format format, Set<EventField> fields, String baseUrl,
                 CursorCodec cursors, Exports.Permit permit, Executor executor, RequestId requestId, List<Event> first) {
        this.exports = exports;
        this.caller = caller;
        this.query = query;
        this.format = format;
        this.fields = fields;
        this.columns = CsvWriter.columns(fields);
        this.baseUrl = baseUrl;
        this.cursors = cursors;
        this.permit = permit;
        this.executor = executor;
        this.requestId = requestId;
        this.next = first;
        this.after = query.page().after();
    }

    @Override
    public void subscribe(Subscriber<? super byte[]> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("an export is written once"));
            return;
        }
        this.subscriber = subscriber;
        subscriber.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    cancel();
                    subscriber.onError(new IllegalArgumentException("Reactive Streams rule 3.9: request a positive number"));
                    return;
                }
                demand.accumulateAndGet(n, (have, more) -> have + more < 0 ? Long.MAX_VALUE : have + more);
                schedule();
            }

            @Override
            public void cancel() {
                cancelled = true; // the client went away: the permit is given back, no more chunks are read
                permit.close();
            }
        });
    }

    /** The events written so far (read by the thread that receives the pieces, after each one). */
    long exported() {
        return exported;
    }

    private void schedule() {
        if (wip.getAndIncrement() == 0) {
            executor.execute(this::pump);
        }
    }

    /** Emits pieces while there is demand; one pump at a time (the wip counter), on the exports' threads. */
    private void pump() {
        int missed = 1;
        do {
            while (demand.get() > 0 && !done && !cancelled) {
                byte[] piece;
                try {
                    piece = nextPiece();
                } catch (RuntimeException fault) {
                    fail(fault);
                    return;
                }
                demand.decrementAndGet();
                subscriber.onNext(piece);
                if (done) {
                    permit.close();
                    subscriber.onComplete();
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** The next chunk's bytes: read (unless it is the first, read already), written in the format, the walk moved on. */
    private byte[] nextPiece() {
        List<Event> chunk = next != null ? next : exports.chunk(caller, query, after);
        next = null;
        exported += chunk.size();
        done = chunk.size() < exports.chunkSize();
        if (!chunk.isEmpty()) {
            after = EventApi.cursorAt(query.sort(), caller.org(), chunk.get(chunk.size() - 1));
            resumeAfter = cursors.encode(after);
        }
        byte[] piece = format == Format.NDJSON
                ? DocumentWriter.exportChunk(chunk, fields, baseUrl, done ? null : resumeAfter, exported)
                : CsvWriter.rows(chunk, columns, chunk.isEmpty() ? null : resumeAfter);
        if (!started && format == Format.CSV) {
            piece = concat(CsvWriter.header(columns), piece);
        }
        started = true;
        return piece;
    }

    private void fail(RuntimeException fault) {
        done = true;
        permit.close();
        byte[] error = DocumentWriter.fault(Faults.classify(fault), fault, requestId);
        if (format == Format.NDJSON && !cancelled) {
            subscriber.onNext(concat(error, "\n".getBytes(StandardCharsets.US_ASCII)));
        }
        subscriber.onError(fault); // the body ends without its last chunk: the client sees a cut, not an end
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
