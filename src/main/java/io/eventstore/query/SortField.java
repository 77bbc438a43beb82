package io.eventstore.query;

import java.util.List;

/** Fields a list of events can be sorted by. Ties are always broken by id. */
public enum SortField {
    EVENT_AT("eventAt", "event_at"),
    CREATED_AT("createdAt", "created_at"),
    UPDATED_AT("updatedAt", "updated_at");

    private final String jsonName;
    private final String column;

    SortField(String jsonName, String column) {
        this.jsonName = jsonName;
        this.column = column;
    }

    public String jsonName() {
        return jsonName;
    }

    public String column() {
        return column;
    }

    public static SortField byName(String name) {
        for (SortField field : values()) {
            if (field.jsonName.equals(name)) {
                return field;
            }
        }
        return null;
    }

    public static SortField byPath(List<String> path) {
        return path.size() == 1 ? byName(path.get(0)) : null;
    }
}
