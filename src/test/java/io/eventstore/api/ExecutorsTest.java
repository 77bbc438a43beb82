package io.eventstore.api;

import io.eventstore.support.ApiTestBase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.instrument.InstrumentedExecutorService;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Reads run on their own pool of about as many threads as cores, everything else on the blocking
 * pool: sixteen reads at once on two cores each got a sixteenth of a core and tripled the p99.
 */
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
    void getsRunOnTheReadPoolAndWritesOnTheBlockingPool() throws Exception {
        FinishedTasks reads = new FinishedTasks(pool(this.reads));
        FinishedTasks blocking = new FinishedTasks(pool(this.blocking));
        String prospect = uniqueId("p");

        long reads0 = reads.count();
        long blocking0 = blocking.count();
        String id = api.create(event("email_opened").prospect(prospect));
        long reads1 = reads.count();
        long blocking1 = blocking.count();
        api.get("/events/" + id).assertStatus(200);
        long reads2 = reads.count();
        long blocking2 = blocking.count();
        api.get(io.eventstore.support.Api.events("filter[prospect][id]", prospect)).assertStatus(200);
        long reads3 = reads.count();

        assertEquals(reads0, reads1, "a POST does not run on the read pool");
        assertEquals(reads1 + 1, reads2, "a GET of one event runs on the read pool");
        assertEquals(reads2 + 1, reads3, "a GET of a list runs on the read pool");
        // the token look-up also runs on the blocking pool (tests cache no token): once per request
        assertEquals(1, (blocking1 - blocking0) - (blocking2 - blocking1), "the POST itself ran on the blocking pool");
    }

    /**
     * Counts the tasks a pool has finished, exactly: a task of a request may still be ending after
     * its answer has been sent. Each count first holds every thread of the pool with a task of its
     * own, which a thread takes only once it has finished (and counted) what it ran before; the
     * count is read while they are held, and their own tasks are not counted.
     */
    private static final class FinishedTasks {
        private final ThreadPoolExecutor pool;
        private long ownFinished;

        FinishedTasks(ThreadPoolExecutor pool) {
            this.pool = pool;
        }

        long count() throws Exception {
            int threads = pool.getMaximumPoolSize();
            CyclicBarrier allHeld = new CyclicBarrier(threads + 1);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < threads; i++) {
                pool.execute(() -> {
                    try {
                        allHeld.await(30, TimeUnit.SECONDS);
                        release.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            allHeld.await(30, TimeUnit.SECONDS);
            long finished = pool.getCompletedTaskCount() - ownFinished; // the earlier counts' tasks have all ended
            ownFinished += threads;
            release.countDown();
            return finished;
        }
    }
}
