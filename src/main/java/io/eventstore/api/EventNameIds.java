package io.eventstore.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * An event name as the id of an {@code event-name} and as a path segment of its URL: names are
 * free text (spaces, slashes, unicode), so the segment is percent-encoded and decoded here, once.
 */
final class EventNameIds {

    private EventNameIds() {
    }

    static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The name a raw path segment holds, or null when it holds none (empty, or not percent-encoded UTF-8). */
    static String decode(String segment) {
        try {
            // in a path '+' is a plus sign (URLDecoder, made for forms, would read a space)
            String name = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            return name.indexOf('\uFFFD') >= 0 || name.isEmpty() ? null : name;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
