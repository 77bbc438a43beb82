package io.eventstore.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Waits on a condition, never for a fixed time: tries again every few milliseconds until it holds or time is up. */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** Calls {@code attempt} until {@code done} holds for its result or {@code timeout} passed; answers the last result. */
    public static <T> T until(Duration timeout, Callable<T> attempt, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T result = attempt.call();
        while (!done.test(result) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            result = attempt.call();
        }
        return result;
    }
}
