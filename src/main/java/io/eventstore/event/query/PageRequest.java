package io.eventstore.event.query;

/**
 * The page a list request asks for, after the cursor pagination profile: a size, at most one of
 * {@code page[after]} and {@code page[before]}, and whether to count the total.
 */
public record PageRequest(int size, Cursor after, Cursor before, boolean totals) {

    public boolean backwards() {
        return before != null;
    }

    public Cursor boundary() {
        return after != null ? after : before;
    }
}
