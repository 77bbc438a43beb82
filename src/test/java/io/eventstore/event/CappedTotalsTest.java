package io.eventstore.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.support.ApiTestBase;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static io.eventstore.support.Api.events;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** page[totals] counts up to a limit and says so when it stops there. */
@MicronautTest(transactional = false)
@Property(name = "event-store.page.totals-limit", value = "5")
class CappedTotalsTest extends ApiTestBase {

    private JsonNode pageMeta(String prospect) {
        return api.get(events("filter[prospect][id]", prospect, "page[totals]", "", "page[size]", "2"))
                .assertStatus(200).json().path("meta").path("page");
    }

    @Test
    void exactUpToTheLimitTruncatedBeyondIt() {
        String prospect = uniqueId("p");
        for (int i = 0; i < 5; i++) {
            api.create(event("e" + i).prospect(prospect));
        }
        JsonNode exact = pageMeta(prospect);
        assertEquals(5, exact.path("total").asInt());
        assertFalse(exact.has("totalTruncated"));

        api.create(event("e5").prospect(prospect));
        JsonNode capped = pageMeta(prospect);
        assertFalse(capped.has("total"), "a count cut at the limit is not a total");
        assertTrue(capped.path("totalTruncated").asBoolean());
        assertEquals(5, capped.path("totalAtLeast").asInt());
    }
}
