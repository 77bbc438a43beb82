package io.eventstore.feed;

import java.time.Duration;

/** A signal a loop sleeps on: it wakes when signalled or when the time is up, whichever comes first. */
public final class Wakeup {

    private boolean signalled;

    public synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    public synchronized void await(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!signalled) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        signalled = false;
    }
}
