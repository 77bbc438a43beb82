package io.eventstore.webhook;

import io.eventstore.db.StoredCode;

/** Where a delivery stands; the wire name is what {@code filter[outcome]} takes. */
public enum DeliveryState implements StoredCode {
    PENDING(1, "pending"),
    SUCCEEDED(2, "succeeded"),
    FAILED(3, "failed");

    private final int code;
    private final String wireName;

    DeliveryState(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static DeliveryState ofCode(int code) {
        return StoredCode.ofCode(DeliveryState.class, code);
    }

    /** The state of a wire name, or null. */
    public static DeliveryState ofWireName(String name) {
        return StoredCode.ofWireName(DeliveryState.class, name);
    }
}
