package io.eventstore.crnk;

import java.util.ArrayList;
import java.util.List;

/** Reads parameter names of the form {@code family[a][b]}. */
final class Bracketed {

    private Bracketed() {
    }

    /** The segments inside the brackets, or null when the name is not {@code family[..]..}. */
    static List<String> segments(String name, String family) {
        if (!name.startsWith(family + "[") || !name.endsWith("]")) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        int at = family.length();
        while (at < name.length()) {
            if (name.charAt(at) != '[') {
                return null;
            }
            int close = name.indexOf(']', at);
            String segment = name.substring(at + 1, close);
            if (segment.isEmpty() || segment.indexOf('[') >= 0) {
                return null;
            }
            segments.add(segment);
            at = close + 1;
        }
        return segments;
    }

    /** Splits a comma-separated value; empty items are refused by returning null. */
    static List<String> items(String value) {
        List<String> items = List.of(value.split(",", -1));
        for (String item : items) {
            if (item.isEmpty()) {
                return null;
            }
        }
        return items;
    }
}
