package io.eventstore.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Await;
import io.eventstore.support.Receiver;
import io.eventstore.support.Reply;
import io.eventstore.support.StandardWebhooks;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static io.eventstore.support.WebhookDocument.hookChanges;
import static io.eventstore.support.WebhookDocument.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deliveries to a real receiver: signed documents of matching changes, retries on the schedule with
 * the service's clock moved (never slept through), timeouts, redirects, failure, disabling,
 * rotation, and org isolation; each checked in the receiver and in the deliveries' resource.
 */
class WebhookDeliveryTest extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Receiver> receivers = new ArrayList<>();

    @Inject
    Store store;

    @AfterEach
    void cleanUp() {
        for (String id : api.get("/webhooks").ids()) {
            api.delete("/webhooks/" + id);
        }
        receivers.forEach(Receiver::close);
    }

    private Receiver receiver() throws Exception {
        Receiver receiver = Receiver.start();
        receivers.add(receiver);
        return receiver;
    }

    /** A hook of this org for one prospect's events: {id, secret}. */
    private String[] hook(Receiver receiver, String path, String prospect) {
        Reply created = api.post("/webhooks", webhook(receiver.url(path)).filter("prospect.id", prospect).json()).assertStatus(201);
        return new String[]{created.id(), created.attributes().path("secret").asText()};
    }

    private List<Receiver.Received> awaitReceived(Receiver receiver, String path, int count) throws Exception {
        List<Receiver.Received> got = Await.until(WAIT, () -> receiver.received(path), list -> list.size() >= count);
        assertTrue(got.size() >= count, "received " + got.size() + " of " + count + " at " + path);
        return got;
    }

    private JsonNode deliveries(String hookId, String query) {
        return api.get("/webhooks/" + hookId + "/deliveries" + query).assertStatus(200).json().path("data");
    }

    private JsonNode awaitDelivery(String hookId, Predicate<JsonNode> done) throws Exception {
        JsonNode latest = Await.until(WAIT, () -> deliveries(hookId, "").path(0), done::test);
        assertTrue(done.test(latest), "delivery now: " + latest);
        return latest;
    }

    /**
     * The hook's newest delivery once its {@code attempt}-th attempt is recorded (while an attempt
     * runs, the delivery shows the previous one's outcome): {@code previous} is the delivery as the
     * previous attempt left it, null before the first.
     */
    private JsonNode awaitAttempt(String hookId, int attempt, JsonNode previous) throws Exception {
        String before = previous == null ? "null" : previous.path("attributes").path("lastAttemptAt").asText();
        return awaitDelivery(hookId, d -> d.path("attributes").path("attempts").asInt() == attempt
                && !d.path("attributes").path("lastAttemptAt").isNull()
                && !d.path("attributes").path("lastAttemptAt").asText().equals(before));
    }

    private static long position(Receiver.Received received) {
        try {
            return Long.parseLong(body(received).path("meta").path("position").asText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode body(Receiver.Received received) throws Exception {
        return JSON.readTree(received.body());
    }

    private static Instant time(JsonNode delivery, String attribute) {
        return Instant.parse(delivery.path("attributes").path(attribute).asText());
    }

    @Test
    void eachMatchingChangeIsPostedAsASignedJsonApiDocument() throws Exception {
        Receiver receiver = receiver();
        String prospect = uniqueId("p");
        String[] hook = hook(receiver, "/signed", prospect);

        String other = api.create(event("email_opened").prospect(uniqueId("elsewhere")));
        String id = api.create(event("email_opened").prospect(prospect).payload("{\"campaign\":7}"));
        api.patch("/events/" + id, changes(id).attribute("name", "email_clicked").json()).assertStatus(200);
        JsonNode stored = api.get("/events/" + id).assertStatus(200).data();
        api.delete("/events/" + id).assertStatus(204);

        // order is best effort (up to four attempts of a hook at once): receivers order by meta.position
        List<Receiver.Received> got = new ArrayList<>(awaitReceived(receiver, "/signed", 3));
        got.sort(java.util.Comparator.comparingLong(r -> position(r)));
        List<String> kinds = new ArrayList<>();
        long lastPosition = 0;
        for (Receiver.Received delivery : got) {
            assertEquals("application/vnd.api+json", delivery.header("content-type"));
            assertTrue(StandardWebhooks.verifies(hook[1], delivery), "signature of " + delivery.headers());
            assertFalse(StandardWebhooks.verifies(hook[1], delivery.header("webhook-id"), delivery.header("webhook-timestamp"),
                    delivery.body() + " ", delivery.header("webhook-signature")), "a changed body must not verify");
            long timestamp = Long.parseLong(delivery.header("webhook-timestamp"));
            assertTrue(Math.abs(timestamp - Instant.now().getEpochSecond()) < 60, "timestamp " + timestamp);
            JsonNode document = body(delivery);
            assertEquals(id, document.path("data").path("id").asText(), delivery.body());
            assertEquals("1.1", document.path("jsonapi").path("version").asText());
            kinds.add(document.path("meta").path("kind").asText());
            long position = Long.parseLong(document.path("meta").path("position").asText());
            assertTrue(position > lastPosition, "each change its own position: " + position + " after " + lastPosition);
            lastPosition = position;
        }
        assertEquals(List.of("created", "updated", "deleted"), kinds);
        // the resource object GET /events/{id} answered before the delete
        assertEquals(stored, body(got.get(1)).path("data"));
        assertTrue(got.stream().noneMatch(r -> r.body().contains("\"" + other + "\"")), "a change the filter leaves out was posted");

        // the receiver has each request before the service has its answer: wait for the outcomes
        JsonNode listed = Await.until(WAIT, () -> deliveries(hook[0], ""), all -> all.size() == 3
                && java.util.stream.StreamSupport.stream(all.spliterator(), false)
                .allMatch(d -> d.path("attributes").path("outcome").asText().equals("succeeded")));
        assertEquals(3, listed.size());
        for (JsonNode delivery : listed) {
            assertEquals("webhook-delivery", delivery.path("type").asText());
            JsonNode attributes = delivery.path("attributes");
            assertEquals("succeeded", attributes.path("outcome").asText(), delivery.toString());
            assertEquals(1, attributes.path("attempts").asInt());
            assertEquals(200, attributes.path("lastStatusCode").asInt());
            assertTrue(attributes.path("lastLatencyMs").isInt());
            assertTrue(attributes.path("nextAttemptAt").isNull());
            assertEquals(hook[0], delivery.path("relationships").path("webhook").path("data").path("id").asText());
            assertEquals(id, attributes.path("eventId").asText());
        }
        // newest first; each webhook-id is a delivery's id, readable by itself
        assertEquals("deleted", listed.path(0).path("attributes").path("kind").asText());
        String deliveryId = got.get(0).header("webhook-id");
        api.get("/webhooks/" + hook[0] + "/deliveries/" + deliveryId).assertStatus(200);
        Reply page = api.get("/webhooks/" + hook[0] + "/deliveries?page%5Bsize%5D=2").assertStatus(200);
        assertEquals(2, page.json().path("data").size());
        Reply rest = api.send("GET", page.link("next"), java.util.Map.of("Accept", Api.JSON_API), null).assertStatus(200);
        assertEquals(1, rest.json().path("data").size());
        assertTrue(rest.json().path("links").path("next").isNull());
        assertEquals(0, deliveries(hook[0], "?filter%5Boutcome%5D=failed").size());
    }

    @Test
    void failuresAreRetriedOnTheScheduleWithTheSameIdUntilTheReceiverTakesThem() throws Exception {
        Receiver receiver = receiver().answering(500);
        String prospect = uniqueId("p");
        String[] hook = hook(receiver, "/flaky", prospect);
        api.create(event("call_logged").prospect(prospect));

        JsonNode first = awaitAttempt(hook[0], 1, null);
        assertEquals(500, first.path("attributes").path("lastStatusCode").asInt());
        assertEquals("pending", first.path("attributes").path("outcome").asText());
        assertTrue(first.path("attributes").path("lastError").asText().contains("500"), first.toString());
        Duration wait = Duration.between(time(first, "lastAttemptAt"), time(first, "nextAttemptAt"));
        assertTrue(wait.compareTo(Duration.ofMillis(4400)) >= 0 && wait.compareTo(Duration.ofMillis(5600)) <= 0, wait.toString());
        assertEquals(1, receiver.received("/flaky").size()); // not before its time

        clock.advance(Duration.ofSeconds(6));
        JsonNode second = awaitAttempt(hook[0], 2, first);
        wait = Duration.between(time(second, "lastAttemptAt"), time(second, "nextAttemptAt"));
        assertTrue(wait.compareTo(Duration.ofSeconds(270)) >= 0 && wait.compareTo(Duration.ofSeconds(330)) <= 0, wait.toString());

        receiver.answering(204);
        clock.advance(Duration.ofMinutes(6));
        JsonNode third = awaitDelivery(hook[0], d -> d.path("attributes").path("outcome").asText().equals("succeeded"));
        assertEquals(3, third.path("attributes").path("attempts").asInt());
        assertEquals(204, third.path("attributes").path("lastStatusCode").asInt());

        List<Receiver.Received> got = receiver.received("/flaky");
        assertEquals(3, got.size());
        for (Receiver.Received attempt : got) {
            assertEquals(got.get(0).header("webhook-id"), attempt.header("webhook-id"), "one delivery, one id");
            assertEquals(got.get(0).body(), attempt.body(), "every attempt posts the same bytes");
            assertTrue(StandardWebhooks.verifies(hook[1], attempt));
        }
        assertTrue(Long.parseLong(got.get(2).header("webhook-timestamp")) > Long.parseLong(got.get(0).header("webhook-timestamp")) + 300);
    }

    @Test
    void aTimeoutAndARedirectAreFailuresAndTheRedirectIsNotFollowed() throws Exception {
        Receiver slow = receiver().holding(); // takes the request and answers nothing (the tests' timeout is 2 s)
        Receiver redirecting = receiver().redirectingTo("/elsewhere");
        String prospect = uniqueId("p");
        String[] slowHook = hook(slow, "/slow", prospect);
        String[] movedHook = hook(redirecting, "/moved", prospect);
        api.create(event("email_opened").prospect(prospect));

        JsonNode timedOut = awaitAttempt(slowHook[0], 1, null);
        assertTrue(timedOut.path("attributes").path("lastStatusCode").isNull(), timedOut.toString());
        assertTrue(timedOut.path("attributes").path("lastError").asText().startsWith("timeout"), timedOut.toString());
        assertEquals("pending", timedOut.path("attributes").path("outcome").asText());
        assertTrue(timedOut.path("attributes").path("lastLatencyMs").asInt() < 3500, timedOut.toString());

        JsonNode moved = awaitAttempt(movedHook[0], 1, null);
        assertEquals(302, moved.path("attributes").path("lastStatusCode").asInt(), moved.toString());
        assertEquals("pending", moved.path("attributes").path("outcome").asText());
        assertTrue(redirecting.received("/elsewhere").isEmpty(), "a redirect was followed");
    }

    @Test
    void afterTheLastScheduledAttemptTheDeliveryHasFailedAndCanBeRetriedByHand() throws Exception {
        Receiver receiver = receiver().answering(503);
        String prospect = uniqueId("p");
        String[] hook = hook(receiver, "/down", prospect);
        api.create(event("email_bounced").prospect(prospect));

        JsonNode delivery = awaitAttempt(hook[0], 1, null);
        Instant firstAttempt = time(delivery, "lastAttemptAt");
        for (int attempt = 2; attempt <= 8; attempt++) {
            Instant next = time(delivery, "nextAttemptAt");
            clock.advance(Duration.between(clock.instant(), next).plusSeconds(1));
            delivery = awaitAttempt(hook[0], attempt, delivery);
        }
        assertEquals("failed", delivery.path("attributes").path("outcome").asText(), delivery.toString());
        assertTrue(delivery.path("attributes").path("nextAttemptAt").isNull());
        Duration span = Duration.between(firstAttempt, time(delivery, "lastAttemptAt"));
        assertTrue(span.compareTo(Duration.ofHours(24)) > 0, "retried for " + span);
        assertEquals(8, receiver.received("/down").size());
        assertEquals(1, deliveries(hook[0], "?filter%5Boutcome%5D=failed").size());
        assertEquals(0, deliveries(hook[0], "?filter%5Boutcome%5D=pending").size());
        // the schedule of 27.6 h is shorter than disable-after (3 days): the hook stays on
        assertTrue(api.get("/webhooks/" + hook[0]).attributes().path("active").asBoolean());

        receiver.answering(200);
        String deliveryId = delivery.path("id").asText();
        Reply retried = api.post("/webhooks/" + hook[0] + "/deliveries/" + deliveryId + "/retry", null).assertStatus(202);
        assertEquals("pending", retried.attributes().path("outcome").asText());
        JsonNode done = awaitDelivery(hook[0], d -> d.path("attributes").path("outcome").asText().equals("succeeded"));
        assertEquals(9, done.path("attributes").path("attempts").asInt());
        api.post("/webhooks/" + hook[0] + "/deliveries/" + deliveryId + "/retry", null).assertError(409, "not_failed", null, null);
        api.post("/webhooks/" + hook[0] + "/deliveries/1/retry", null).assertError(404, "not_found", null, null);
    }

    @Test
    void aHookWhoseAttemptsAllFailedForThreeDaysIsTurnedOffWithAReason() throws Exception {
        Receiver receiver = receiver().answering(500);
        String prospect = uniqueId("p");
        String[] hook = hook(receiver, "/gone", prospect);
        String first = api.create(event("email_opened").prospect(prospect));
        awaitAttempt(hook[0], 1, null);

        clock.advance(Duration.ofDays(3).plusHours(1)); // the second attempt is long due, and fails too
        JsonNode off = Await.until(WAIT, () -> api.get("/webhooks/" + hook[0]).attributes(), a -> !a.path("active").asBoolean());
        assertFalse(off.path("active").asBoolean(), off.toString());
        assertTrue(off.path("disabledReason").asText().contains("failed"), off.toString());
        int attempts = receiver.received("/gone").size();

        // off: changes are not delivered, pending attempts not made
        api.create(event("email_opened").prospect(prospect));
        clock.advance(Duration.ofHours(1));
        String marker = api.create(event("email_opened").prospect(prospect));
        // positions are given just after commit: "from now on" starts once the marker has its position
        Await.until(WAIT, () -> store.text("SELECT COUNT(*) FROM event_change WHERE org_id = ? AND feed_position = 0", org),
                "0"::equals);
        receiver.answering(200);
        // on again (by its client): the reason goes, and changes from now on are delivered
        Reply on = api.patch("/webhooks/" + hook[0], hookChanges(hook[0]).active(true).json()).assertStatus(200);
        assertTrue(on.attributes().path("disabledReason").isNull());
        String after = api.create(event("email_opened").prospect(prospect));
        List<Receiver.Received> got = Await.until(WAIT, () -> receiver.received("/gone"),
                list -> list.stream().anyMatch(r -> r.body().contains("\"" + after + "\"")));
        assertTrue(got.stream().anyMatch(r -> r.body().contains("\"" + after + "\"")));
        assertTrue(got.stream().noneMatch(r -> r.body().contains("\"" + marker + "\"")), "a change made while off was delivered");
        // the delivery pending when it went off is made again once it is on (the receiver takes it now)
        JsonNode pending = Await.until(WAIT, () -> deliveries(hook[0], "?filter%5Boutcome%5D=succeeded"),
                all -> java.util.stream.StreamSupport.stream(all.spliterator(), false)
                        .anyMatch(d -> d.path("attributes").path("eventId").asText().equals(first)));
        assertTrue(java.util.stream.StreamSupport.stream(pending.spliterator(), false)
                .anyMatch(d -> d.path("attributes").path("eventId").asText().equals(first)), pending.toString());
        assertTrue(got.size() >= attempts + 1);
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEnds() throws Exception {
        Receiver receiver = receiver();
        String prospect = uniqueId("p");
        String[] hook = hook(receiver, "/rotated", prospect);
        String next = api.post("/webhooks/" + hook[0] + "/secret", null).assertStatus(200).attributes().path("secret").asText();

        api.create(event("email_opened").prospect(prospect));
        Receiver.Received during = awaitReceived(receiver, "/rotated", 1).get(0);
        assertTrue(StandardWebhooks.verifies(hook[1], during), "the previous secret no longer verifies during the overlap");
        assertTrue(StandardWebhooks.verifies(next, during));

        clock.advance(Duration.ofHours(25)); // past the 24 h overlap
        api.create(event("email_opened").prospect(prospect));
        Receiver.Received later = awaitReceived(receiver, "/rotated", 2).get(1);
        assertTrue(StandardWebhooks.verifies(next, later));
        assertFalse(StandardWebhooks.verifies(hook[1], later), "the previous secret still signs after the overlap");
        assertEquals(1, later.header("webhook-signature").split(" ").length);
    }

    @Test
    void anotherOrgsChangesNeverReachTheHook() throws Exception {
        Receiver receiver = receiver();
        String prospect = uniqueId("p");
        String[] hook = hook(receiver, "/mine", prospect);
        Api stranger = api.as(token(newOrg(), Scope.ALL));
        String theirs = stranger.create(event("email_opened").prospect(prospect));
        String ours = api.create(event("email_opened").prospect(prospect));
        List<Receiver.Received> got = awaitReceived(receiver, "/mine", 1);
        assertTrue(got.get(0).body().contains("\"" + ours + "\""));
        api.create(event("email_opened").prospect(prospect)); // once this arrives, the stranger's would have too
        got = awaitReceived(receiver, "/mine", 2);
        assertTrue(got.stream().noneMatch(r -> r.body().contains("\"" + theirs + "\"")));
        stranger.get("/webhooks/" + hook[0] + "/deliveries").assertError(404, "not_found", null, null);
        assertNotNull(hook[1]);
    }
}
