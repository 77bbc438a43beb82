package io.eventstore.catalog;

import io.eventstore.auth.Caller;
import io.eventstore.catalog.store.CatalogStore;
import io.eventstore.db.SqlTime;
import io.eventstore.error.ApiException;
import io.eventstore.event.query.CursorCodec;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /event-names} and {@code /event-names/{name}}: the org's catalog of event names, as
 * {@link CatalogUpdater} keeps it, in pages walked with signed cursors.
 */
@Singleton
public class Catalog {

    private static final String VERSION = "n1";

    /** A page wanted: names starting with {@code prefix} (null: all), in an order, after a cursor (null: the first page). */
    public record NameQuery(String prefix, CatalogStore.Order order, boolean descending, int size, String after) {
        /** The order as the {@code sort} parameter writes it. */
        public String signature() {
            String field = switch (order) {
                case NAME -> "name";
                case COUNT -> "count";
                case LAST_EVENT_AT -> "lastEventAt";
            };
            return (descending ? "-" : "") + field;
        }
    }

    /** A name with its properties. */
    public record EventName(CatalogStore.NameRow row, List<CatalogStore.PropertyRow> properties) {
    }

    /** A page: its names, the cursor after its last one when there are more (else null), and the feed position the catalog reflects. */
    public record Page(List<EventName> names, String next, long feedPosition) {
    }

    private final CatalogStore store;
    private final CursorCodec cursors;

    public Catalog(CatalogStore store, CursorCodec cursors) {
        this.store = store;
        this.cursors = cursors;
    }

    @Connectable
    public Page list(Caller caller, NameQuery query) {
        Object afterValue = null;
        String afterName = null;
        if (query.after() != null) {
            String[] position = cursors.verified("page[after]", query.after()).split("\\|", 5);
            if (position.length != 5 || !position[0].equals(VERSION) || !position[1].equals(Long.toString(caller.org()))) {
                throw invalidCursor();
            }
            if (!position[2].equals(query.signature())) {
                throw ApiException.atParameter("page[after]", "cursor_sort_mismatch",
                        "This cursor belongs to another sort order; use the links of a response with sort=" + position[2] + ".");
            }
            afterValue = switch (query.order()) {
                case NAME -> null;
                case COUNT -> Long.parseLong(position[3]);
                case LAST_EVENT_AT -> position[3];
            };
            afterName = position[4];
        }
        long feedPosition = store.position(caller.org());
        List<CatalogStore.NameRow> rows = store.page(caller.org(), query.prefix(), query.order(), query.descending(), afterValue,
                afterName, query.size() + 1);
        boolean more = rows.size() > query.size();
        if (more) {
            rows = rows.subList(0, query.size());
        }
        String next = more ? cursor(caller, query, rows.get(rows.size() - 1)) : null;
        return new Page(withProperties(caller.org(), rows), next, feedPosition);
    }

    @Connectable
    public EventName find(Caller caller, String name) {
        CatalogStore.NameRow row = store.find(caller.org(), name);
        if (row == null) {
            throw ApiException.notFound();
        }
        return withProperties(caller.org(), List.of(row)).get(0);
    }

    private List<EventName> withProperties(long orgId, List<CatalogStore.NameRow> rows) {
        Map<String, List<CatalogStore.PropertyRow>> byName = new LinkedHashMap<>();
        rows.forEach(row -> byName.put(row.name(), new ArrayList<>()));
        for (CatalogStore.PropertyRow property : store.properties(orgId, byName.keySet())) {
            byName.get(property.name()).add(property);
        }
        return rows.stream().map(row -> new EventName(row, byName.get(row.name()))).toList();
    }

    private String cursor(Caller caller, NameQuery query, CatalogStore.NameRow last) {
        String value = switch (query.order()) {
            case NAME -> "";
            case COUNT -> Long.toString(last.count());
            case LAST_EVENT_AT -> SqlTime.of(last.lastEventAt());
        };
        return cursors.sign(String.join("|", VERSION, Long.toString(caller.org()), query.signature(), value, last.name()));
    }

    private static ApiException invalidCursor() {
        return ApiException.atParameter("page[after]", "invalid_cursor",
                "This cursor was not issued by this service for this org; use the links of a previous response.");
    }
}
