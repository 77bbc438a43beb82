package io.eventstore.feed;

import org.slf4j.Logger;

import java.time.Duration;

/** The thread of a background worker: a round, then a wait unless the round says there is more; faults are logged and waited out. */
public final class Loop {

    public interface Round {
        /** One round; true when there is more to do at once. */
        boolean run() throws InterruptedException;
    }

    private Loop() {
    }

    public static Thread start(String name, Round round, Wakeup wakeup, Duration interval, Logger log) {
        Thread thread = new Thread(() -> {
            long failures = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    boolean more = round.run();
                    failures = 0;
                    if (!more) {
                        wakeup.await(interval);
                    }
                } catch (InterruptedException stopped) {
                    return;
                } catch (RuntimeException e) {
                    // the database is away or the pool is closing: try again, slower the longer it lasts
                    if (failures++ % 100 == 0) {
                        log.warn("{} could not run: {}", Thread.currentThread().getName(), e.toString());
                    }
                    try {
                        Thread.sleep(Math.min(1000, interval.toMillis() * (1 + failures)));
                    } catch (InterruptedException stopped) {
                        return;
                    }
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    public static void stop(Thread thread) {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
