package io.eventstore.query;

import io.eventstore.event.Relationship;

import java.util.ArrayList;
import java.util.List;

/** Every field a list of events can be filtered on, with the column that holds it. */
public enum FilterField {
    ID("id", "id", Kind.EVENT_IDS),
    NAME("name", "name", Kind.STRINGS),
    EVENT_AT("eventAt", "event_at", Kind.TIME),
    CREATED_AT("createdAt", "created_at", Kind.TIME),
    UPDATED_AT("updatedAt", "updated_at", Kind.TIME),
    ACCOUNT(Relationship.ACCOUNT),
    CALL(Relationship.CALL),
    MAILING(Relationship.MAILING),
    OPPORTUNITY(Relationship.OPPORTUNITY),
    PROSPECT(Relationship.PROSPECT),
    TASK(Relationship.TASK),
    USER(Relationship.USER);

    /** How a field's values are written and compared. */
    public enum Kind { EVENT_IDS, STRINGS, RELATED_IDS, TIME }

    private final List<String> path;
    private final String column;
    private final Kind kind;

    FilterField(String name, String column, Kind kind) {
        this.path = List.of(name);
        this.column = column;
        this.kind = kind;
    }

    FilterField(Relationship relationship) {
        this.path = List.of(relationship.jsonName(), "id");
        this.column = relationship.column();
        this.kind = Kind.RELATED_IDS;
    }

    public List<String> path() {
        return path;
    }

    public String column() {
        return column;
    }

    public Kind kind() {
        return kind;
    }

    /** The parameter name as clients write it: {@code filter[name]} or {@code filter[prospect][id]}. */
    public String parameterName() {
        StringBuilder name = new StringBuilder("filter");
        path.forEach(segment -> name.append('[').append(segment).append(']'));
        return name.toString();
    }

    public static FilterField byPath(List<String> path) {
        for (FilterField field : values()) {
            if (field.path.equals(path)) {
                return field;
            }
        }
        return null;
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (FilterField field : values()) {
            names.add(String.join(".", field.path));
        }
        return names;
    }
}
