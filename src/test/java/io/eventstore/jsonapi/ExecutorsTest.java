package io.eventstore.jsonapi;

import io.eventstore.support.ApiTestBase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.instrument.InstrumentedExecutorService;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Reads run on their own pool of about as many threads as cores, everything else on the blocking
 * pool: sixteen reads at once on two cores each got a sixteenth of a core and tripled the p99.
 */
@MicronautTest
class ExecutorsTest extends ApiTestBase {

    @Inject
    @Named(JsonApiController.READS)
    ExecutorService reads;

    @Inject
    @Named(TaskExecutors.BLOCKING)
    ExecutorService blocking;

    /** The pool under Micronaut's context-propagating wrapper. */
    private static ThreadPoolExecutor pool(ExecutorService executor) {
        ExecutorService target = executor;
        while (target instanceof InstrumentedExecutorService instrumented) {
            target = instrumented.getTarget();
        }
        return assertInstanceOf(ThreadPoolExecutor.class, target);
    }

    @Test
    void theReadPoolHasTwoThreadsPerProcessor() {
        assertEquals(2 * Runtime.getRuntime().availableProcessors(), pool(reads).getMaximumPoolSize());
    }

    @Test
    void getsRunOnTheReadPoolAndWritesOnTheBlockingPool() throws InterruptedException {
        ThreadPoolExecutor readPool = pool(reads);
        ThreadPoolExecutor blockingPool = pool(blocking);
        String prospect = uniqueId("p");

        long reads0 = settled(readPool);
        long blocking0 = settled(blockingPool);
        String id = api.create(event("email_opened").prospect(prospect));
        long reads1 = settled(readPool);
        long blocking1 = settled(blockingPool);
        api.get("/events/" + id).assertStatus(200);
        long reads2 = settled(readPool);
        long blocking2 = settled(blockingPool);
        api.get(io.eventstore.support.Api.events("filter[prospect][id]", prospect)).assertStatus(200);
        long reads3 = settled(readPool);

        assertEquals(reads0, reads1, "a POST does not run on the read pool");
        assertEquals(reads1 + 1, reads2, "a GET of one event runs on the read pool");
        assertEquals(reads2 + 1, reads3, "a GET of a list runs on the read pool");
        // the token look-up also runs on the blocking pool (tests cache no token): once per request
        assertEquals(1, (blocking1 - blocking0) - (blocking2 - blocking1), "the POST itself ran on the blocking pool");
    }

    /** Tasks the pool has finished, once none is running (a task ends just after its answer is sent). */
    private static long settled(ThreadPoolExecutor pool) throws InterruptedException {
        for (int i = 0; i < 200 && pool.getActiveCount() > 0; i++) {
            Thread.sleep(5);
        }
        return pool.getCompletedTaskCount();
    }
}
