package io.eventstore.event;

/** What a change of the feed did to its event; the SSE event name is the wire name. */
public enum ChangeKind {
    CREATED(1, "created"),
    UPDATED(2, "updated"),
    DELETED(3, "deleted");

    private final int code;
    private final String wireName;

    ChangeKind(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    /** The number the feed's table keeps. */
    public int code() {
        return code;
    }

    public String wireName() {
        return wireName;
    }

    public static ChangeKind ofCode(int code) {
        for (ChangeKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no change kind " + code);
    }
}
