package io.eventstore.ops;

import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.OwnService;
import io.eventstore.support.Reply;
import io.eventstore.support.ServiceProcess;
import io.micronaut.context.env.Environment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM under load, to the service as its own process: it stops taking connections, lets the
 * requests in flight finish (a 1,000-event batch among them), exits 0, and every write it
 * acknowledged is stored.
 */
class GracefulShutdownTest extends ApiTestBase {

    @Inject
    Environment environment;

    @Test
    void sigtermFinishesWhatIsInFlightAndLosesNoAcknowledgedWrite() throws Exception {
        Map<String, String> database = new java.util.HashMap<>();
        OwnService.databaseOf(environment).forEach((property, value) -> database.put(property.toUpperCase().replace('.', '_'), value));
        try (ServiceProcess service = ServiceProcess.start(database)) {
            service.awaitReady(Duration.ofSeconds(60));
            Api client = new Api(service.uri(), token(org, Scope.ALL));
            String prospect = uniqueId("p");
            ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(7);
            List<CompletableFuture<?>> loops = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                loops.add(CompletableFuture.runAsync(() -> {
                    while (writing.get()) {
                        try {
                            Reply reply = client.post("/events", event("before_the_stop").prospect(prospect).json());
                            if (reply.status() == 201) {
                                acknowledged.add(reply.id());
                            } else if (reply.status() != 503) {
                                unexpected.add(reply.status() + " " + reply.text());
                            }
                        } catch (IllegalStateException refused) {
                            return; // the service no longer takes connections
                        }
                    }
                }, writers));
            }
            Thread.sleep(1500);
            String ops = IntStream.range(0, 1000).mapToObj(i -> "{\"op\":\"add\",\"data\":{\"type\":\"event\",\"attributes\":"
                    + "{\"name\":\"in_flight_batch\"},\"relationships\":{\"prospect\":{\"data\":{\"type\":\"prospect\",\"id\":\""
                    + prospect + "\"}}}}}").collect(Collectors.joining(","));
            String atomic = "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"";
            CompletableFuture<Reply> batch = CompletableFuture.supplyAsync(() -> client.send("POST", "/operations",
                    Map.of("Content-Type", atomic, "Accept", atomic), "{\"atomic:operations\":[" + ops + "]}"), writers);
            Thread.sleep(30);

            int exit = service.terminate(Duration.ofSeconds(45));
            writing.set(false);
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
            writers.shutdown();

            assertEquals(0, exit, "a SIGTERM is a normal end:\n" + service.console());
            assertTrue(unexpected.isEmpty(), unexpected.toString());
            assertTrue(acknowledged.size() > 10, "the load ran: " + acknowledged.size());
            Reply batchReply = batch.join();
            assertEquals(200, batchReply.status(), "the batch in flight at the signal was finished: " + batchReply.text());

            Set<String> stored = new HashSet<>();
            String next = Api.events("filter[prospect][id]", prospect, "page[size]", "1000");
            while (next != null) {
                Reply page = api.get(next).assertStatus(200);
                stored.addAll(page.ids());
                next = page.link("next");
            }
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertTrue(lost.isEmpty(), lost.size() + " acknowledged events are not stored");
            assertEquals(1000, api.get(Api.events("filter[prospect][id]", prospect, "filter[name]", "in_flight_batch",
                    "page[size]", "1000")).ids().size(), "the whole batch, not part of it");
        }
    }
}
