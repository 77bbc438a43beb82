package io.eventstore.event.store;

import io.eventstore.event.EventField;

/**
 * The secondary indexes of the event table (schema/migrations V1, relationship indexes widened by
 * V4), each with the field it leads with after {@code org_id}. The time indexes are
 * (org_id, field, id); the timeline indexes (org_id, field, event_at, id[, name]).
 */
public enum EventIndex {
    BY_EVENT_AT("event_by_event_at", EventField.EVENT_AT),
    BY_CREATED_AT("event_by_created_at", EventField.CREATED_AT),
    BY_UPDATED_AT("event_by_updated_at", EventField.UPDATED_AT),
    BY_ACCOUNT("event_by_account", EventField.ACCOUNT),
    BY_CALL("event_by_call", EventField.CALL),
    BY_MAILING("event_by_mailing", EventField.MAILING),
    BY_OPPORTUNITY("event_by_opportunity", EventField.OPPORTUNITY),
    BY_PROSPECT("event_by_prospect", EventField.PROSPECT),
    BY_TASK("event_by_task", EventField.TASK),
    BY_USER("event_by_user", EventField.USER),
    BY_NAME("event_by_name", EventField.NAME);

    private final String sqlName;
    private final EventField leading;

    EventIndex(String sqlName, EventField leading) {
        this.sqlName = sqlName;
        this.leading = leading;
    }

    /** The index name as the migrations create it. */
    public String sqlName() {
        return sqlName;
    }

    public EventField leading() {
        return leading;
    }

    /** The index that leads with {@code field}, or null when there is none. */
    public static EventIndex leadingWith(EventField field) {
        for (EventIndex index : values()) {
            if (index.leading == field) {
                return index;
            }
        }
        return null;
    }
}
