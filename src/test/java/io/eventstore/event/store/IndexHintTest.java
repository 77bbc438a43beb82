package io.eventstore.event.store;

import io.eventstore.event.EventField;
import io.eventstore.event.query.Filter;
import io.eventstore.event.query.SortKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which index a page names, shape by shape (the plans themselves: ListQueryPlanTest). */
class IndexHintTest {

    private static final Instant MARCH = Instant.parse("2025-03-01T00:00:00Z");
    private static final SortKey NEWEST = SortKey.NEWEST_FIRST;

    private static Filter in(EventField field, Object... values) {
        return new Filter.In(field, List.of(values));
    }

    private static Filter from(EventField field) {
        return new Filter.Range(field, MARCH, true, null, false);
    }

    private static SortKey sort(EventField field) {
        return new SortKey(List.of(field), List.of(false));
    }

    @Test
    void timelinesNameTheirRelationshipsIndex() {
        for (EventField relationship : EventField.RELATIONSHIPS) {
            EventIndex index = IndexHint.forPage(List.of(in(relationship, "x")), NEWEST);
            assertEquals(relationship, index.leading());
            assertEquals("event_by_" + relationship.jsonName(), index.sqlName());
            assertEquals(index, IndexHint.forPage(List.of(in(relationship, "x"), from(EventField.EVENT_AT)), NEWEST));
        }
        assertEquals(EventIndex.BY_NAME, IndexHint.forPage(List.of(in(EventField.NAME, "email_opened")), NEWEST));
    }

    @Test
    void theOrgsListNamesTheIndexOfItsSort() {
        assertEquals(EventIndex.BY_EVENT_AT, IndexHint.forPage(List.of(), NEWEST));
        assertEquals(EventIndex.BY_CREATED_AT, IndexHint.forPage(List.of(from(EventField.CREATED_AT)), sort(EventField.CREATED_AT)));
        assertEquals(EventIndex.BY_UPDATED_AT, IndexHint.forPage(List.of(), sort(EventField.UPDATED_AT)));
    }

    @Test
    void shapesThatNeedStatisticsAreLeftToTheOptimizer() {
        List<List<Filter>> shapes = List.of(
                List.of(in(EventField.PROSPECT, "a", "b")),
                List.of(in(EventField.PROSPECT, "a"), in(EventField.NAME, "n")),
                List.of(from(EventField.CREATED_AT)),
                List.of(in(EventField.PROSPECT, "a"), from(EventField.CREATED_AT)),
                List.of(in(EventField.ID, 1L)));
        for (List<Filter> shape : shapes) {
            assertNull(IndexHint.forPage(shape, NEWEST), shape.toString());
        }
        assertNull(IndexHint.forPage(List.of(in(EventField.PROSPECT, "a")), sort(EventField.CREATED_AT)));
        assertNull(IndexHint.forPage(List.of(), new SortKey(List.of(EventField.EVENT_AT, EventField.CREATED_AT), List.of(true, true))));
    }
}
