package io.eventstore.event;

import java.util.List;

/** The seven to-one relationships of an event; this service keeps only the related ids. */
public enum Relationship {
    ACCOUNT("account", "account_id"),
    CALL("call", "call_id"),
    MAILING("mailing", "mailing_id"),
    OPPORTUNITY("opportunity", "opportunity_id"),
    PROSPECT("prospect", "prospect_id"),
    TASK("task", "task_id"),
    USER("user", "user_id");

    public static final int MAX_ID_LENGTH = 64;
    public static final List<Relationship> ALL = List.of(values());

    private final String jsonName;
    private final String column;

    Relationship(String jsonName, String column) {
        this.jsonName = jsonName;
        this.column = column;
    }

    /** The relationship name, which is also the resource type of the related resource. */
    public String jsonName() {
        return jsonName;
    }

    public String column() {
        return column;
    }

    public static Relationship byName(String name) {
        for (Relationship r : ALL) {
            if (r.jsonName.equals(name)) {
                return r;
            }
        }
        return null;
    }
}
