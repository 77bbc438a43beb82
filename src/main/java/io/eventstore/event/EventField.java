package io.eventstore.event;

import java.util.ArrayList;
import java.util.List;

/**
 * The event's fields, said once. Each row gives the JSON:API member, the column that holds it, its
 * type and limit, who may write it and how it can be filtered and sorted; the INSERT, the SELECT
 * list, the row mapper, the document reader and writer, the query grammar and the index hints are
 * all derived from this table. The order is the table's column order (after {@code org_id}) and the
 * order in which documents write the members.
 */
public enum EventField {
    ID("id", "id", ValueType.EVENT_ID, Member.ID, 19, Write.SERVER, Filtering.IN, false),
    NAME("name", "name", ValueType.TEXT, Member.ATTRIBUTE, 255, Write.REQUIRED, Filtering.IN, false),
    EVENT_AT("eventAt", "event_at", ValueType.TIME, Member.ATTRIBUTE, 0, Write.DEFAULTED, Filtering.RANGE, true),
    CREATED_AT("createdAt", "created_at", ValueType.TIME, Member.ATTRIBUTE, 0, Write.SERVER, Filtering.RANGE, true),
    UPDATED_AT("updatedAt", "updated_at", ValueType.TIME, Member.ATTRIBUTE, 0, Write.SERVER, Filtering.RANGE, true),
    BODY("body", "body", ValueType.TEXT, Member.ATTRIBUTE, EventField.CONFIGURED, Write.OPTIONAL, Filtering.NONE, false),
    EXTERNAL_URL("externalUrl", "external_url", ValueType.URL, Member.ATTRIBUTE, 2048, Write.OPTIONAL, Filtering.NONE, false),
    PAYLOAD("payload", "payload", ValueType.JSON_OBJECT, Member.ATTRIBUTE, EventField.CONFIGURED, Write.IMMUTABLE, Filtering.NONE, false),
    REQUEST_CITY("requestCity", "request_city", ValueType.TEXT, Member.ATTRIBUTE, 255, Write.OPTIONAL, Filtering.NONE, false),
    REQUEST_DEVICE("requestDevice", "request_device", ValueType.TEXT, Member.ATTRIBUTE, 255, Write.OPTIONAL, Filtering.NONE, false),
    REQUEST_HOST("requestHost", "request_host", ValueType.TEXT, Member.ATTRIBUTE, 255, Write.OPTIONAL, Filtering.NONE, false),
    REQUEST_PROXIED("requestProxied", "request_proxied", ValueType.BOOLEAN, Member.ATTRIBUTE, 0, Write.OPTIONAL, Filtering.NONE, false),
    REQUEST_REGION("requestRegion", "request_region", ValueType.TEXT, Member.ATTRIBUTE, 255, Write.OPTIONAL, Filtering.NONE, false),
    ACCOUNT("account", "account_id", ValueType.RELATED_ID, Member.RELATIONSHIP, 64, Write.OPTIONAL, Filtering.IN, false),
    CALL("call", "call_id", ValueType.RELATED_ID, Member.RELATIONSHIP, 64, Write.OPTIONAL, Filtering.IN, false),
    MAILING("mailing", "mailing_id", ValueType.RELATED_ID, Member.RELATIONSHIP, 64, Write.OPTIONAL, Filtering.IN, false),
    OPPORTUNITY("opportunity", "opportunity_id", ValueType.RELATED_ID, Member.RELATIONSHIP, 64, Write.OPTIONAL, Filtering.IN, false),
    PROSPECT("prospect", "prospect_id", ValueType.RELATED_ID, Member.RELATIONSHIP, 64, Write.OPTIONAL, Filtering.IN, false),
    TASK("task", "task_id", ValueType.RELATED_ID, Member.RELATIONSHIP, 64, Write.OPTIONAL, Filtering.IN, false),
    USER("user", "user_id", ValueType.RELATED_ID, Member.RELATIONSHIP, 64, Write.OPTIONAL, Filtering.IN, false);

    /** The limit of a field whose size is configured ({@link EventLimits}). */
    static final int CONFIGURED = -1;

    /** How a value is typed in JSON, in Java and in its column. */
    public enum ValueType {
        /** a 64-bit id, written as a string of digits; Java {@code Long} */
        EVENT_ID,
        /** a string of at most {@code maxLength} characters; Java {@code String} */
        TEXT,
        /** an absolute http(s) URL; Java {@code String} */
        URL,
        /** an ISO-8601 date-time, kept in UTC with microseconds; Java {@code Instant} */
        TIME,
        /** a JSON object of at most {@code maxLength} bytes, kept as its compact text; Java {@code String} */
        JSON_OBJECT,
        /** true, false or null; Java {@code Boolean} */
        BOOLEAN,
        /** the id of a related resource, 1 to {@code maxLength} characters; Java {@code String} */
        RELATED_ID
    }

    /** Where the field stands in a resource object. */
    public enum Member { ID, ATTRIBUTE, RELATIONSHIP }

    /** Who may write the field. */
    public enum Write {
        /** set by the server only: refused on create, and on update unless unchanged */
        SERVER,
        /** required on create, may change, never null */
        REQUIRED,
        /** optional on create (the server fills it in), may change, never null */
        DEFAULTED,
        /** optional, may change or be cleared */
        OPTIONAL,
        /** optional on create, never changes afterwards */
        IMMUTABLE
    }

    /** How a listing can filter on the field. */
    public enum Filtering { NONE, IN, RANGE }

    public static final List<EventField> ALL = List.of(values());
    public static final List<EventField> ATTRIBUTES = ALL.stream().filter(f -> f.member == Member.ATTRIBUTE).toList();
    public static final List<EventField> RELATIONSHIPS = ALL.stream().filter(f -> f.member == Member.RELATIONSHIP).toList();

    private final String jsonName;
    private final String column;
    private final ValueType type;
    private final Member member;
    private final int maxLength;
    private final Write write;
    private final Filtering filtering;
    private final boolean sortable;

    EventField(String jsonName, String column, ValueType type, Member member, int maxLength, Write write,
               Filtering filtering, boolean sortable) {
        this.jsonName = jsonName;
        this.column = column;
        this.type = type;
        this.member = member;
        this.maxLength = maxLength;
        this.write = write;
        this.filtering = filtering;
        this.sortable = sortable;
    }

    /** The member name in documents, query parameters and links (a relationship's name is also its resource type). */
    public String jsonName() {
        return jsonName;
    }

    public String column() {
        return column;
    }

    public ValueType type() {
        return type;
    }

    public Member member() {
        return member;
    }

    public boolean isRelationship() {
        return member == Member.RELATIONSHIP;
    }

    public Write write() {
        return write;
    }

    public Filtering filtering() {
        return filtering;
    }

    public boolean sortable() {
        return sortable;
    }

    /** Characters (text, ids) or bytes (payload) the field takes at most; 0 when it has no length. */
    public int maxLength(EventLimits limits) {
        if (maxLength != CONFIGURED) {
            return maxLength;
        }
        return this == PAYLOAD ? limits.getPayloadMaxBytes() : limits.getBodyMaxChars();
    }

    /** The attribute or relationship named {@code jsonName} (not the id), or null. */
    public static EventField member(String jsonName) {
        for (EventField field : ALL) {
            if (field.member != Member.ID && field.jsonName.equals(jsonName)) {
                return field;
            }
        }
        return null;
    }

    /** The relationship named {@code name}, or null. */
    public static EventField relationship(String name) {
        EventField field = member(name);
        return field != null && field.isRelationship() ? field : null;
    }

    public static List<String> columns() {
        List<String> columns = new ArrayList<>();
        ALL.forEach(field -> columns.add(field.column));
        return columns;
    }
}
