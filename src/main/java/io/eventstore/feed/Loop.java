package io.eventstore.feed;

import org.slf4j.Logger;

import java.time.Duration;

/** The thread of a background worker: a round, then a wait unless the round says there is more; faults are logged and waited out. */
public final class Loop {

    public interface Round {
        /** One round; true when there is more to do at once. */
        boolean run() throws InterruptedException;
    }

    private final Thread thread;
    // a flag, not only the interrupt: a JDBC driver may swallow an interrupt and answer with an exception
    private volatile boolean stopped;

    private Loop(String name, Round round, Wakeup wakeup, Duration interval, Logger log) {
        thread = new Thread(() -> {
            long failures = 0;
            while (!stopped) {
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
    }

    /** Starts a worker's thread, named {@code name}, that runs {@code round} until stopped. */
    public static Loop start(String name, Round round, Wakeup wakeup, Duration interval, Logger log) {
        Loop loop = new Loop(name, round, wakeup, interval, log);
        loop.thread.start();
        return loop;
    }

    public void stop() {
        stopped = true;
        thread.interrupt();
    }
}
