package io.eventstore.event;

import io.crnk.core.resource.meta.MetaInformation;

import java.util.Map;

/** {@code meta.page.total}, written only when {@code page[totals]} asked for it. */
public record PageMeta(Map<String, Object> page) implements MetaInformation {

    public static PageMeta total(long total) {
        return new PageMeta(Map.of("total", total));
    }
}
