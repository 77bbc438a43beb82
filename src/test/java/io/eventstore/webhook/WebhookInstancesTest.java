package io.eventstore.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.auth.ApiTokens;
import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Await;
import io.eventstore.support.OwnService;
import io.eventstore.support.Receiver;
import io.eventstore.support.Store;
import io.eventstore.support.TestClock;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.eventstore.support.EventDocument.event;
import static io.eventstore.support.WebhookDocument.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On databases of their own: the receiver's address is checked again before each attempt; and
 * deliveries outlive the service: a retry scheduled before a restart is made by the next start,
 * and an attempt cut off by a stop (its answer never recorded) is made again once its lease ends,
 * with the same webhook-id. The services run on a database of their own, so that no other
 * instance of the test run takes the deliveries.
 */
class WebhookInstancesTest extends ApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Environment environment;

    @Inject
    Store store;

    /** A database of the test's own, its settings for a service; dropped by {@link #drop}. */
    private Map<String, Object> ownDatabase(String database) throws Exception {
        try (Connection connection = store.connection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        String url = environment.getProperty("datasources.default.url", String.class).orElseThrow()
                .replaceFirst("/([A-Za-z0-9_]+)(\\?|$)", "/" + database + "$2");
        return Map.of("datasources.default.url", url);
    }

    private void drop(String database) throws Exception {
        try (Connection connection = store.connection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    private static String databaseName() {
        return "webhooks_own_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String token(EmbeddedServer service) {
        return service.getApplicationContext().getBean(ApiTokens.class)
                .mint(DEFAULT_ORG, "webhooks", EnumSet.of(Scope.ALL), null, 1_000_000).secret();
    }

    /** Two instances on one database share the deliveries: each change reaches the receiver once. */
    @Test
    void twoInstancesDeliverEachChangeOnceBetweenThem() throws Exception {
        try (Receiver receiver = Receiver.start(); EmbeddedServer other = OwnService.start(environment, Map.of())) {
            String prospect = uniqueId("p");
            String hook = api.post("/webhooks", webhook(receiver.url("/shared")).filter("prospect.id", prospect).json())
                    .assertStatus(201).id();
            double before = attempts(server.getApplicationContext());
            try {
                int events = 400;
                StringBuilder operations = new StringBuilder();
                for (int i = 0; i < events; i++) {
                    operations.append(i == 0 ? "" : ",").append("{\"op\":\"add\",\"data\":").append(event("shared_" + i).prospect(prospect).data()).append("}");
                }
                api.send("POST", "/operations", Map.of("Accept", Api.JSON_API, "Content-Type",
                        "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\""), "{\"atomic:operations\":[" + operations + "]}")
                        .assertStatus(200);
                Await.until(WAIT, () -> receiver.received("/shared").size(), count -> count >= events);
                List<Receiver.Received> got = receiver.received("/shared");
                assertEquals(events, got.stream().map(r -> r.header("webhook-id")).distinct().count());
                assertEquals(events, got.size(), "a delivery was attempted twice");
                double here = attempts(server.getApplicationContext()) - before;
                double there = attempts(other.getApplicationContext());
                assertTrue(here > 0 && there > 0, "both instances deliver: " + here + " and " + there);
            } finally {
                api.delete("/webhooks/" + hook);
            }
        }
    }

    private static double attempts(io.micronaut.context.ApplicationContext context) {
        return context.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("eventstore.webhook.attempts").counters()
                .stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /** The address is checked again before each attempt: one allowed when the hook was saved may not be by then. */
    @Test
    void theAddressIsCheckedAgainBeforeEachAttempt() throws Exception {
        String database = databaseName();
        Map<String, Object> settings = ownDatabase(database);
        try (Receiver receiver = Receiver.start()) {
            String hook;
            String token;
            try (EmbeddedServer allowing = OwnService.start(environment, settings)) {
                token = token(allowing);
                hook = new Api(allowing.getURI(), token).post("/webhooks", webhook(receiver.url("/checked")).json()).assertStatus(201).id();
            }
            Map<String, Object> refusing = new java.util.HashMap<>(settings);
            refusing.put("event-store.webhooks.allowed-networks", "");
            try (EmbeddedServer strict = OwnService.start(environment, refusing)) {
                Api client = new Api(strict.getURI(), token);
                client.create(event("to_a_refused_address"));
                JsonNode refused = awaitDelivery(client, hook, d -> d.path("attributes").path("attempts").asInt() == 1
                        && !d.path("attributes").path("lastError").isNull());
                assertTrue(refused.path("attributes").path("lastError").asText().startsWith("refused: "), refused.toString());
                assertTrue(refused.path("attributes").path("lastStatusCode").isNull());
                assertEquals("pending", refused.path("attributes").path("outcome").asText()); // retried: DNS may change back
                assertTrue(receiver.received().isEmpty(), "a refused address was reached");
            }
        } finally {
            drop(database);
        }
    }

    @Test
    void aRestartLosesNoDeliveryAndACutOffAttemptIsMadeAgain() throws Exception {
        String database = databaseName();
        Map<String, Object> settings = ownDatabase(database);
        try (Receiver receiver = Receiver.start().answering(500)) {
            String hook;
            String token;
            // first start: the first attempt fails, the retry is scheduled 5 s later
            try (EmbeddedServer first = OwnService.start(environment, settings)) {
                token = token(first);
                Api client = new Api(first.getURI(), token);
                hook = client.post("/webhooks", webhook(receiver.url("/restart")).json()).assertStatus(201).id();
                client.create(event("before_the_restart"));
                JsonNode failed = awaitDelivery(client, hook, d -> d.path("attributes").path("lastStatusCode").asInt() == 500);
                assertEquals("pending", failed.path("attributes").path("outcome").asText());
            }
            receiver.answering(200);
            // second start: the retry comes due on its clock and is made
            try (EmbeddedServer second = OwnService.start(environment, settings)) {
                Api client = new Api(second.getURI(), token);
                second.getApplicationContext().getBean(TestClock.class).advance(Duration.ofSeconds(6));
                JsonNode done = awaitDelivery(client, hook, d -> d.path("attributes").path("outcome").asText().equals("succeeded"));
                assertEquals(2, done.path("attributes").path("attempts").asInt());
                List<Receiver.Received> got = receiver.received("/restart");
                assertEquals(2, got.size());
                assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"));

                // an attempt in flight when the service stops: the receiver has it, the service never hears back
                receiver.holding();
                client.create(event("during_the_stop"));
                Await.until(WAIT, () -> receiver.received("/restart").size(), count -> count == 3);
                assertEquals(3, receiver.received("/restart").size());
            }
            receiver.release();
            // third start: once the cut-off attempt's lease ends, the delivery is made again
            try (EmbeddedServer third = OwnService.start(environment, settings)) {
                Api client = new Api(third.getURI(), token);
                third.getApplicationContext().getBean(TestClock.class).advance(Duration.ofMinutes(2));
                JsonNode done = awaitDelivery(client, hook, d -> d.path("attributes").path("outcome").asText().equals("succeeded"));
                assertEquals(2, done.path("attributes").path("attempts").asInt(), done.toString());
                List<Receiver.Received> got = receiver.received("/restart");
                assertEquals(4, got.size());
                assertEquals(got.get(2).header("webhook-id"), got.get(3).header("webhook-id"), "the same delivery, at least once");
                assertTrue(got.get(3).body().contains("during_the_stop"));
            }
        } finally {
            drop(database);
        }
    }

    private static JsonNode awaitDelivery(Api client, String hook, Predicate<JsonNode> done) throws Exception {
        JsonNode newest = Await.until(WAIT, () -> client.get("/webhooks/" + hook + "/deliveries").json().path("data").path(0), done::test);
        assertTrue(done.test(newest), newest.toString());
        return newest;
    }
}
