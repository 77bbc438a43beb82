package io.eventstore.api;

import io.eventstore.bench.GenerateEvents;
import io.eventstore.event.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the document writer alone costs per event (not a test; src/bench/writer-cost.sh runs it):
 * one thread writes a timeline's page of 50 events made by GenerateEvents (a payload of about 330
 * bytes, eight links each), again and again, with nothing else running in the JVM. After a
 * warm-up it measures ROUNDS rounds of SECONDS and prints each round's microseconds per page and per
 * event, then their median. In the service the same work runs beside the request path, the driver and
 * the database on the same two cores, so this is the least it can cost there, a bound and not an estimate.
 * Usage: WriterCost [SECONDS (5)] [ROUNDS (5)]
 */
public final class WriterCost {

    private static final int PAGE = 50;

    private WriterCost() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Event> page = page(new SplittableRandom(42));
        DocumentWriter.PageLinks links = new DocumentWriter.PageLinks(
                "http://localhost:8080/events?filter%5Bprospect%5D%5Bid%5D=p-7&sort=-eventAt&page%5Bsize%5D=50",
                "http://localhost:8080/events?filter%5Bprospect%5D%5Bid%5D=p-7&sort=-eventAt&page%5Bsize%5D=50",
                null,
                "http://localhost:8080/events?filter%5Bprospect%5D%5Bid%5D=p-7&sort=-eventAt&page%5Bsize%5D=50&page%5Bafter%5D=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789");
        int bytes = write(page, links);
        System.out.printf("a page of %d events: %,d bytes (%,d per event)%n", PAGE, bytes, bytes / PAGE);
        run(page, links, 3 * seconds); // warm-up: the JIT compiles the writer and Jackson's generator
        double[] micros = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            micros[round] = run(page, links, seconds);
            System.out.printf("round %d: %.1f µs per page, %.2f µs per event%n", round + 1, micros[round], micros[round] / PAGE);
        }
        Arrays.sort(micros);
        double median = micros[rounds / 2];
        System.out.printf("median of %d rounds: %.1f µs per page, %.2f µs per event (range %.2f-%.2f)%n",
                rounds, median, median / PAGE, micros[0] / PAGE, micros[rounds - 1] / PAGE);
    }

    /** Writes pages for {@code seconds}; answers the microseconds per page. */
    private static double run(List<Event> page, DocumentWriter.PageLinks links, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long pages = 0;
        long sink = 0;
        long started = System.nanoTime();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                sink += write(page, links);
            }
            pages += 100;
        }
        double micros = (System.nanoTime() - started) / 1000.0 / pages;
        if (sink == 42) {
            System.out.println(); // keeps the written sizes alive
        }
        return micros;
    }

    private static int write(List<Event> page, DocumentWriter.PageLinks links) {
        return DocumentWriter.collection(page, null, "http://localhost:8080", links, null, 123_456_789L).length;
    }

    /** The busiest prospect's events, as GenerateEvents makes them. */
    private static List<Event> page(SplittableRandom random) {
        List<Event> events = new ArrayList<>();
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        for (int i = 0; i < PAGE; i++) {
            events.add(GenerateEvents.event(random, 1, 388_149_864_751_783_936L + i, 0, now));
        }
        return events;
    }
}
