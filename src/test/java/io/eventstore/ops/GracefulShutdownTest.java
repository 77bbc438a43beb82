package io.eventstore.ops;

import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Await;
import io.eventstore.support.OwnService;
import io.eventstore.support.RawHttp;
import io.eventstore.support.Reply;
import io.eventstore.support.ServiceProcess;
import io.eventstore.support.Store;
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

    @Inject
    Store store;

    @Test
    void sigtermFinishesWhatIsInFlightAndLosesNoAcknowledgedWrite() throws Exception {
        Map<String, String> database = new java.util.HashMap<>();
        OwnService.databaseOf(environment).forEach((property, value) -> database.put(property.toUpperCase().replace('.', '_'), value));
        try (ServiceProcess service = ServiceProcess.start(database)) {
            service.awaitReady(Duration.ofSeconds(60));
            String writerToken = token(org, Scope.ALL);
            Api client = new Api(service.uri(), writerToken);
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
            Await.until(Duration.ofSeconds(30), acknowledged::size, count -> count >= 50); // the load runs
            String ops = IntStream.range(0, 1000).mapToObj(i -> "{\"op\":\"add\",\"data\":{\"type\":\"event\",\"attributes\":"
                    + "{\"name\":\"in_flight_batch\"},\"relationships\":{\"prospect\":{\"data\":{\"type\":\"prospect\",\"id\":\""
                    + prospect + "\"}}}}}").collect(Collectors.joining(","));
            String atomic = "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"";
            // the batch's request is on the wire, whole, before the signal: its answer must still come
            byte[] body = ("{\"atomic:operations\":[" + ops + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            RawHttp batch = RawHttp.connect(service.uri());
            batch.send(("POST /operations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + writerToken
                    + "\r\nContent-Type: " + atomic + "\r\nAccept: " + atomic + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            batch.send(body);
            // read while the service shuts down: the answer (the stored results) may exceed a socket buffer
            CompletableFuture<RawHttp.Answer> batchAnswered = CompletableFuture.supplyAsync(() -> {
                try {
                    return batch.read(Duration.ofSeconds(30));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            // The signal comes once the service is at work on the batch: bytes on the wire are not yet a request
            // in flight. Until the service's event loop has read them (under load, on two cores, that can take a
            // while), they sit in the kernel's queues, and a stopping server closes such a connection unanswered,
            // as any server does; a client retries it (with an Idempotency-Key, safely).
            Await.until(Duration.ofSeconds(30), () -> store.text("SELECT (SELECT COUNT(*) FROM information_schema.innodb_trx"
                    + " WHERE trx_rows_modified >= 100) + (SELECT COUNT(*) FROM event WHERE org_id = ? AND name = 'in_flight_batch')", org),
                    begun -> !begun.equals("0"));
            int exit = service.terminate(Duration.ofSeconds(45));
            writing.set(false);
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
            writers.shutdown();

            assertEquals(0, exit, "a SIGTERM is a normal end:\n" + service.console());
            assertTrue(unexpected.isEmpty(), unexpected.toString());
            assertTrue(acknowledged.size() > 10, "the load ran: " + acknowledged.size());
            RawHttp.Answer batchAnswer = batchAnswered.join();
            batch.close();
            assertEquals(List.of(200), batchAnswer.statuses(), "the batch in flight at the signal was finished: " + batchAnswer.text());

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
