package io.eventstore.query;

import io.crnk.core.queryspec.pagingspec.PagingSpec;

/**
 * The page a list request asks for, after the cursor pagination profile: a size, at most one of
 * {@code page[after]} and {@code page[before]}, and whether to count the total.
 */
public record CursorPage(int size, Cursor after, Cursor before, boolean totals) implements PagingSpec {

    public boolean backwards() {
        return before != null;
    }

    public Cursor boundary() {
        return after != null ? after : before;
    }

    @Override
    public PagingSpec clone() {
        return this; // immutable
    }
}
