package io.eventstore.api;

import io.eventstore.event.Event;
import io.eventstore.event.EventField;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the document writer alone costs per event (not a test; src/bench/writer-cost.sh runs it):
 * one thread writes a timeline's page of 50 events, shaped as GenerateEvents makes them (a payload of
 * about 330 bytes, eight links each), again and again, with nothing else running in the JVM. After a
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
        java.util.Arrays.sort(micros);
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

    /** Events as GenerateEvents makes them. */
    private static List<Event> page(SplittableRandom random) {
        List<Event> events = new ArrayList<>();
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        for (int i = 0; i < PAGE; i++) {
            Instant eventAt = now.minusSeconds(random.nextLong(63_072_000)).plusNanos(random.nextInt(1_000_000) * 1000L);
            Instant createdAt = eventAt.plusSeconds(random.nextInt(5));
            Object[] values = new Object[EventField.ALL.size()];
            values[EventField.ID.ordinal()] = 388_149_864_751_783_936L + random.nextInt(1_000_000_000);
            values[EventField.NAME.ordinal()] = "email_opened";
            values[EventField.EVENT_AT.ordinal()] = eventAt;
            values[EventField.CREATED_AT.ordinal()] = createdAt;
            values[EventField.UPDATED_AT.ordinal()] = createdAt;
            values[EventField.EXTERNAL_URL.ordinal()] = "https://mail.example.com/m/" + random.nextInt(10_000_000);
            values[EventField.PAYLOAD.ordinal()] = "{\"messageId\":\"<" + Long.toHexString(random.nextLong())
                    + "@mail.example.com>\",\"smtpStatus\":250,\"subject\":\"Following up on our conversation about the Q"
                    + (1 + random.nextInt(4)) + " rollout\",\"sequence\":{\"id\":\"seq-" + random.nextInt(500) + "\",\"step\":"
                    + random.nextInt(8) + "},\"tracking\":{\"opens\":" + random.nextInt(6) + ",\"clicks\":" + random.nextInt(3)
                    + ",\"userAgent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15\"},\"prospectRef\":7}";
            values[EventField.REQUEST_CITY.ordinal()] = "Lyon";
            values[EventField.REQUEST_DEVICE.ordinal()] = random.nextInt(3) == 0 ? "mobile" : "desktop";
            values[EventField.REQUEST_HOST.ordinal()] = "mail.example.com";
            values[EventField.REQUEST_PROXIED.ordinal()] = random.nextInt(10) == 0;
            values[EventField.REQUEST_REGION.ordinal()] = "R" + random.nextInt(20);
            values[EventField.ACCOUNT.ordinal()] = "acc-7";
            values[EventField.CALL.ordinal()] = random.nextInt(5) == 0 ? "call-" + random.nextInt(2_000_000) : null;
            values[EventField.MAILING.ordinal()] = "m-" + random.nextInt(50_000);
            values[EventField.OPPORTUNITY.ordinal()] = random.nextInt(10) == 0 ? "opp-7" : null;
            values[EventField.PROSPECT.ordinal()] = "p-7";
            values[EventField.TASK.ordinal()] = random.nextInt(4) == 0 ? "task-" + random.nextInt(3_000_000) : null;
            values[EventField.USER.ordinal()] = "u-" + random.nextInt(500);
            events.add(new Event(1, values));
        }
        return events;
    }
}
