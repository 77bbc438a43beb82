package io.eventstore.analytics;

import io.eventstore.auth.Caller;
import io.eventstore.error.ApiException;
import io.eventstore.event.query.CountQuery;
import io.eventstore.event.store.EventStore;
import io.eventstore.event.store.ZoneShift;
import io.eventstore.db.SnapshotRead;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /event-counts}: the org's events under a listing's filters, counted per group. Two
 * bounds keep it cheap whatever is asked: the events it reads (counted first, by a count that
 * stops at the bound, so an over-broad request costs at most that many index entries) and the
 * groups it answers. Both statements read one snapshot, so the groups add up to the total.
 */
@Singleton
public class EventCounts {

    /** Offsets of a zone that change more often than this in the range asked for need a narrower range. */
    static final int MAX_ZONE_TRANSITIONS = 400;

    /** The groups, and the number of events they hold together. */
    public record Counted(List<CountQuery.Bucket> buckets, long total) {
    }

    private final EventStore store;
    private final TransactionOperations<Connection> transactions;
    private final long maxEvents;
    private final int maxBuckets;

    public EventCounts(EventStore store, TransactionOperations<Connection> transactions,
                       @Value("${event-store.counts.max-events:1000000}") long maxEvents,
                       @Value("${event-store.counts.max-buckets:10000}") int maxBuckets) {
        this.store = store;
        this.transactions = transactions;
        this.maxEvents = maxEvents;
        this.maxBuckets = maxBuckets;
    }

    public Counted count(Caller caller, CountQuery query) {
        ZoneShift shift = query.period() == null ? ZoneShift.utc()
                : ZoneShift.of(query.zone(), query.eventAtRange(), MAX_ZONE_TRANSITIONS);
        if (shift == null) {
            throw ApiException.atParameter("filter[eventAt]", "range_too_wide_for_zone", "The offset of "
                    + query.zone().getId() + " changes more than " + MAX_ZONE_TRANSITIONS
                    + " times in the eventAt range asked for; give filter[eventAt] a narrower range.");
        }
        return transactions.execute(SnapshotRead.DEFINITION, status -> {
            long matched = store.countUpTo(caller.org(), query.filters(), maxEvents + 1);
            if (matched > maxEvents) {
                throw ApiException.atParameter(400, "too_many_events", "Too many events to count", "These filters match more than "
                        + maxEvents + " events, more than one count reads; narrow them (a shorter filter[eventAt], a relationship or a name).",
                        "filter[eventAt]").withMeta(Map.of("maxEvents", maxEvents));
            }
            List<CountQuery.Bucket> buckets = store.counts(caller.org(), query, shift, maxBuckets + 1);
            if (buckets.size() > maxBuckets) {
                throw ApiException.atParameter(400, "too_many_groups", "Too many groups", "This grouping makes more than "
                        + maxBuckets + " groups; group by fewer keys, a longer period or narrow the filters.", "group")
                        .withMeta(Map.of("maxGroups", maxBuckets));
            }
            return new Counted(buckets, matched);
        });
    }
}
