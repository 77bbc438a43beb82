package io.eventstore.api;

import io.eventstore.error.ApiException;
import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.EventInput;
import io.eventstore.event.EventRules;
import io.eventstore.event.query.ListedPage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The writer's documents for fixed events, against files in {@code src/test/resources/golden/}
 * (every endpoint's documents over HTTP: GoldenDocumentTest).
 */
class DocumentWriterTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static Event full() {
        EventInput input = new EventInput().put(EventField.NAME, "email_opened \"quoted\"")
                .put(EventField.EVENT_AT, Instant.parse("2026-03-01T08:15:30.123456Z"))
                .put(EventField.BODY, "line1\nline2 ünï 😀").put(EventField.EXTERNAL_URL, "https://mail.example.com/m/1")
                .put(EventField.PAYLOAD, "{\"n\":1.5,\"big\":9007199254740993,\"list\":[true,null,\"s\"],\"o\":{}}")
                .put(EventField.REQUEST_CITY, "Lyon").put(EventField.REQUEST_PROXIED, false)
                .put(EventField.PROSPECT, "p-1").put(EventField.USER, "u-\"9\"");
        return EventRules.create(1, 387406101085188098L, input, Instant.parse("2026-03-02T00:00:00Z"));
    }

    private static Event bare() {
        return EventRules.create(1, 387406101085188099L, new EventInput().put(EventField.NAME, "bare"),
                Instant.parse("2026-03-03T00:00:00.5Z"));
    }

    private static void assertGolden(String name, byte[] actual) throws IOException {
        Path file = GOLDEN.resolve("writer-" + name + ".json");
        String text = new String(actual, StandardCharsets.UTF_8) + "\n";
        if (Boolean.getBoolean("golden.record")) {
            Files.writeString(file, text);
        }
        assertEquals(Files.readString(file), text, name);
    }

    @Test
    void singleEventsWithAndWithoutAFieldset() throws IOException {
        assertGolden("single", DocumentWriter.single(full(), null, "http://api.example.com", "http://api.example.com/events/1"));
        assertGolden("single-fields", DocumentWriter.single(full(), EnumSet.of(EventField.NAME, EventField.PROSPECT),
                "https://api.example.com/ünï", "https://api.example.com/ünï/events/1?fields%5Bevent%5D=name%2Cprospect"));
    }

    @Test
    void pagesLinkageBatchesAndErrors() throws IOException {
        assertGolden("page", DocumentWriter.collection(List.of(full(), bare()), EnumSet.of(EventField.EVENT_AT), "http://h",
                new DocumentWriter.PageLinks("http://h/events?a=1", "http://h/events", null, "http://h/events?page%5Bafter%5D=c"),
                new ListedPage.Total(100_000, true), 1234));
        assertGolden("relationship", DocumentWriter.relationship(full(), EventField.USER, "http://h/events/1/relationships/user"));
        assertGolden("batch", DocumentWriter.batchResults(java.util.Arrays.asList(bare(), null), "http://h"));
        assertGolden("error", DocumentWriter.error(ApiException.atParameter("page[size]", "max_size_exceeded", "At most 1000.")
                .withMeta(Map.of("page", Map.of("maxSize", 1000))).withType("https://example.com/type")));
    }
}
