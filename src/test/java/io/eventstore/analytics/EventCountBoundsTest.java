package io.eventstore.analytics;

import io.eventstore.support.ApiTestBase;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static io.eventstore.analytics.EventCountsTest.counts;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A count reads at most event-store.counts.max-events events and answers at most max-buckets groups. */
@MicronautTest(transactional = false)
@Property(name = "event-store.counts.max-events", value = "4")
@Property(name = "event-store.counts.max-buckets", value = "2")
class EventCountBoundsTest extends ApiTestBase {

    @Test
    void tooManyEventsOrGroupsAreRefusedWithTheBound() {
        String prospect = uniqueId("p");
        for (int i = 0; i < 3; i++) {
            api.create(event("n" + i).prospect(prospect));
        }
        assertEquals(2, api.get(counts("filter[prospect][id]", prospect, "filter[name]", "n0,n1", "group", "name")).assertStatus(200)
                .json().path("meta").path("total").asLong());
        assertEquals(2, api.get(counts("filter[prospect][id]", prospect, "group", "name")).assertError(400, "too_many_groups",
                "parameter", "group").json().path("errors").get(0).path("meta").path("maxGroups").asLong());
        api.get(counts("filter[prospect][id]", prospect, "group", "prospect")).assertStatus(200);

        api.create(event("n0").prospect(prospect));
        api.create(event("n1").prospect(prospect));
        assertEquals(4, api.get(counts("filter[prospect][id]", prospect, "group", "prospect")).assertError(400, "too_many_events",
                "parameter", "filter[eventAt]").json().path("errors").get(0).path("meta").path("maxEvents").asLong());
        api.get(counts("filter[prospect][id]", prospect, "filter[name]", "n0,n1", "group", "name")).assertStatus(200);
    }
}
