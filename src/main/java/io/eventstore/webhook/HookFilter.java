package io.eventstore.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which changes a hook receives, as the listing's query parameters ({@code filter[name]} ->
 * {@code email_opened,link_clicked}, {@code filter[prospect][id]} -> {@code 42}): the same grammar
 * reads them for hooks, listings and streams. Empty: every change of the org.
 */
public record HookFilter(Map<String, String> parameters) {

    public static final HookFilter NONE = new HookFilter(Map.of());

    public HookFilter {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
