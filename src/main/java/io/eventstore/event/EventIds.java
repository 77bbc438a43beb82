package io.eventstore.event;

/** Event ids as clients write them: a string of at most 19 digits naming a positive 64-bit number. */
public final class EventIds {

    private EventIds() {
    }

    /** The id, or null when the text names no event id. */
    public static Long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            long id = Long.parseLong(text);
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null; // more than Long.MAX_VALUE
        }
    }
}
