package io.eventstore.auth;

import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each token has a request budget; every answer tells what is left, and an empty budget is a 429. */
class RateLimitTest extends ApiTestBase {

    @Test
    void everyAnswerCarriesTheBudgetAndAnEmptyBudgetIs429() {
        Api limited = api.as(tokens.mint(org, "limited", EnumSet.of(Scope.ALL), null, 3).secret());
        long now = System.currentTimeMillis() / 1000;

        Reply first = limited.get("/events?page[size]=1").assertStatus(200);
        assertBudget(first, 3, 2);
        long reset = Long.parseLong(first.header("X-RateLimit-Reset"));
        assertTrue(reset >= now && reset <= now + 3600 + 5, "reset is the epoch second when the budget is full again: " + reset);
        assertBudget(limited.get("/events/1").assertStatus(404), 3, 1); // errors are charged and labelled too
        assertBudget(limited.post("/events", event("counted").json()).assertStatus(201), 3, 0);

        Reply refused = limited.post("/events", event("refused").json()).assertError(429, "rate_limited", null, null);
        assertBudget(refused, 3, 0);
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 1200, "3 per hour: one more request in at most 20 minutes: " + retryAfter);
        assertEquals(0, api.get(Api.events("filter[name]", "refused")).ids().size(), "a refused request stores nothing");
    }

    @Test
    void budgetsArePerToken() {
        Api spent = api.as(tokens.mint(org, "one", EnumSet.of(Scope.READ), null, 1).secret());
        spent.get("/events?page[size]=1").assertStatus(200);
        spent.get("/events?page[size]=1").assertStatus(429);
        Api fresh = api.as(tokens.mint(org, "two", EnumSet.of(Scope.READ), null, 1).secret());
        assertBudget(fresh.get("/events?page[size]=1").assertStatus(200), 1, 0);
    }

    @Test
    void theDefaultBudgetIsTenThousandAnHour() {
        Api standard = api.as(tokens.mint(org, "standard", EnumSet.of(Scope.READ), null, null).secret());
        assertBudget(standard.get("/events?page[size]=1").assertStatus(200), 10_000, 9_999);
    }

    private static void assertBudget(Reply reply, long limit, long remaining) {
        assertEquals(Long.toString(limit), reply.header("X-RateLimit-Limit"), reply.text());
        assertEquals(Long.toString(remaining), reply.header("X-RateLimit-Remaining"), reply.text());
        assertTrue(reply.header("X-RateLimit-Reset").matches("\\d{10}"));
    }
}
