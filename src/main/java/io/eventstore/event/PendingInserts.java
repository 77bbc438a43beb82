package io.eventstore.event;

import java.util.ArrayList;
import java.util.List;

/**
 * New events of a batch that are not inserted yet: while a batch runs on this thread, creates are
 * collected here and written together, one JDBC batch instead of a round trip per event.
 */
public final class PendingInserts {

    private static final ThreadLocal<List<EventRecord>> PENDING = new ThreadLocal<>();

    private PendingInserts() {
    }

    public static void begin() {
        PENDING.set(new ArrayList<>());
    }

    public static void end() {
        PENDING.remove();
    }

    static boolean active() {
        return PENDING.get() != null;
    }

    static void add(EventRecord row) {
        PENDING.get().add(row);
    }

    /** Takes the collected rows, leaving the list empty (and batch mode on). */
    static List<EventRecord> drain() {
        List<EventRecord> rows = PENDING.get();
        if (rows == null || rows.isEmpty()) {
            return List.of();
        }
        List<EventRecord> drained = new ArrayList<>(rows);
        rows.clear();
        return drained;
    }
}
