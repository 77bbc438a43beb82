package io.eventstore.event;

import io.eventstore.db.StoredCode;

/** What a change of the feed did to its event; the SSE event name is the wire name. */
public enum ChangeKind implements StoredCode {
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
    @Override
    public int code() {
        return code;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static ChangeKind ofCode(int code) {
        return StoredCode.ofCode(ChangeKind.class, code);
    }
}
