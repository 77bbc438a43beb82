package io.eventstore.event;

import io.crnk.core.resource.meta.MetaInformation;
import io.eventstore.query.EventListing;

import java.util.Map;

/**
 * {@code meta.page.total}, written only when {@code page[totals]} asked for it. A count that reached
 * the limit is not a total: it is reported as {@code totalAtLeast} with {@code totalTruncated}.
 */
public record PageMeta(Map<String, Object> page) implements MetaInformation {

    public static PageMeta of(EventListing.Total total) {
        return total.truncated()
                ? new PageMeta(Map.of("totalAtLeast", total.count(), "totalTruncated", true))
                : new PageMeta(Map.of("total", total.count()));
    }
}
