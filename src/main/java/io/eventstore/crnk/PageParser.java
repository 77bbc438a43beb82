package io.eventstore.crnk;

import io.eventstore.event.query.Cursor;
import io.eventstore.event.query.CursorCodec;
import io.eventstore.event.query.PageRequest;
import io.eventstore.event.query.SortKey;

import io.eventstore.error.ApiException;

import java.util.Map;

/** Reads the {@code page[...]} parameters of the cursor pagination profile. */
final class PageParser {

    private static final String PROFILE = "https://jsonapi.org/profiles/ethanresnick/cursor-pagination/";

    private final int defaultSize;
    private final int maxSize;
    private final CursorCodec cursors;

    PageParser(int defaultSize, int maxSize, CursorCodec cursors) {
        this.defaultSize = defaultSize;
        this.maxSize = maxSize;
        this.cursors = cursors;
    }

    PageRequest parse(Map<String, String> page, SortKey sort) {
        int size = defaultSize;
        Cursor after = null;
        Cursor before = null;
        boolean totals = false;
        for (Map.Entry<String, String> parameter : page.entrySet()) {
            String name = parameter.getKey();
            String value = parameter.getValue();
            switch (name) {
                case "page[size]" -> size = size(value);
                case "page[after]" -> after = cursors.decode(name, value, sort.signature());
                case "page[before]" -> before = cursors.decode(name, value, sort.signature());
                case "page[totals]" -> totals = totals(value);
                default -> throw ApiException.atParameter(name, "unknown_parameter",
                        "Paging takes page[size], page[after], page[before] and page[totals].");
            }
        }
        if (after != null && before != null) {
            throw ApiException.atParameter("page[before]", "range_pagination_not_supported",
                    "page[after] and page[before] cannot be combined (see " + PROFILE + "range-pagination-not-supported).")
                    .withType(PROFILE + "range-pagination-not-supported");
        }
        return new PageRequest(size, after, before, totals);
    }

    private int size(String value) {
        int size;
        try {
            size = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            size = value.matches("\\d{1,100}") ? Integer.MAX_VALUE : 0;
        }
        if (size < 1) {
            throw ApiException.atParameter("page[size]", "invalid_page_size", "page[size] must be a positive whole number.");
        }
        if (size > maxSize) {
            throw ApiException.atParameter("page[size]", "max_size_exceeded", "page[size] may be at most " + maxSize + ".")
                    .withMeta(Map.of("page", Map.of("maxSize", maxSize))).withType(PROFILE + "max-size-exceeded");
        }
        return size;
    }

    private static boolean totals(String value) {
        return switch (value) {
            case "", "true" -> true;
            case "false" -> false;
            default -> throw ApiException.atParameter("page[totals]", "invalid_totals",
                    "page[totals] takes no value, 'true' or 'false'.");
        };
    }
}
