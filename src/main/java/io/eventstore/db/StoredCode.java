package io.eventstore.db;

/** An enum the database keeps as a small number and the API writes by name (a change's kind, a delivery's state). */
public interface StoredCode {

    int code();

    String wireName();

    /** The constant stored as {@code code}; anything else is a row this code cannot have written. */
    static <E extends Enum<E> & StoredCode> E ofCode(Class<E> type, int code) {
        for (E constant : type.getEnumConstants()) {
            if (constant.code() == code) {
                return constant;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " " + code);
    }

    /** The constant written as {@code name}, or null. */
    static <E extends Enum<E> & StoredCode> E ofWireName(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(name)) {
                return constant;
            }
        }
        return null;
    }
}
