package io.eventstore.webhook;

/** Where a delivery stands; the wire name is what {@code filter[outcome]} takes. */
public enum DeliveryState {
    PENDING(1, "pending"),
    SUCCEEDED(2, "succeeded"),
    FAILED(3, "failed");

    private final int code;
    private final String wireName;

    DeliveryState(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    public int code() {
        return code;
    }

    public String wireName() {
        return wireName;
    }

    public static DeliveryState ofCode(int code) {
        for (DeliveryState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        throw new IllegalArgumentException("no delivery state " + code);
    }

    /** The state of a wire name, or null. */
    public static DeliveryState ofWireName(String name) {
        for (DeliveryState state : values()) {
            if (state.wireName.equals(name)) {
                return state;
            }
        }
        return null;
    }
}
