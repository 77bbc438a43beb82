package io.eventstore.event;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The field table and the schema the migrations create say the same thing. */
class EventFieldTest {

    private static final Pattern COLUMN = Pattern.compile("^\\s{4}([a-z_]+)\\s+([A-Z]+(?:\\((\\d+)\\))?)", Pattern.MULTILINE);

    @Test
    void everyFieldIsAColumnOfTheEventTableInTheTablesOrderWithItsLimit() throws IOException {
        String v1 = Files.readString(Path.of("schema/migrations/V1__event.sql"));
        String table = v1.substring(v1.indexOf("CREATE TABLE event"), v1.indexOf("PRIMARY KEY"));
        List<String> columns = new ArrayList<>();
        Matcher column = COLUMN.matcher(table);
        while (column.find()) {
            columns.add(column.group(1));
            EventField field = EventField.ALL.stream().filter(f -> f.column().equals(column.group(1))).findFirst().orElse(null);
            if (field != null && column.group(2).startsWith("VARCHAR")) {
                assertEquals(Integer.parseInt(column.group(3)), field.maxLength(new EventLimits()), field + " fits its column");
            }
        }
        assertEquals("org_id", columns.get(0));
        assertEquals(EventField.columns(), columns.subList(1, columns.size()));
    }

    @Test
    void membersAreFoundByTheirJsonNamesAndTheIdIsNoMember() {
        for (EventField field : EventField.ALL) {
            if (field != EventField.ID) {
                assertEquals(field, EventField.member(field.jsonName()));
            }
        }
        assertNull(EventField.member("id"));
        assertEquals(EventField.PROSPECT, EventField.relationship("prospect"));
        assertNull(EventField.relationship("name"));
        assertTrue(EventField.RELATIONSHIPS.stream().allMatch(EventField::isRelationship));
        assertEquals(7, EventField.RELATIONSHIPS.size());
    }

    @Test
    void theIdComesFirstThenEveryAttributeThenEveryRelationship() {
        // documents write the members in the table's order, one section after the other
        List<EventField> expected = new ArrayList<>();
        expected.add(EventField.ID);
        expected.addAll(EventField.ATTRIBUTES);
        expected.addAll(EventField.RELATIONSHIPS);
        assertEquals(expected, EventField.ALL);
    }
}
