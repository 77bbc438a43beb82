package io.eventstore.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A closed-loop load: N clients call as fast as they can until the time is up. */
final class ClosedLoop {

    private ClosedLoop() {
    }

    /** One client; opened on its own thread, closed when the time is up. */
    interface Client extends AutoCloseable {
        void call() throws Exception;
    }

    interface ClientFactory {
        Client open(int worker) throws Exception;
    }

    /** Calls made, the time they took and each call's latency, sorted. */
    record Result(long calls, double seconds, List<Long> latenciesNanos) {
        double perSecond() {
            return calls / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.isEmpty()) {
                return 0;
            }
            int index = (int) Math.max(0, Math.min(latenciesNanos.size() - 1, Math.ceil(p * latenciesNanos.size()) - 1));
            return latenciesNanos.get(index) / 1e6;
        }
    }

    static Result run(int seconds, int concurrency, ClientFactory clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true); // a failed client must not keep the JVM alive
            return thread;
        });
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long started = System.nanoTime();
        List<Future<List<Long>>> running = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            int worker = c;
            running.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                try (Client client = clients.open(worker)) {
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        client.call();
                        latencies.add(System.nanoTime() - t0);
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> client : running) {
            all.addAll(client.get());
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        all.sort(Long::compare);
        return new Result(all.size(), elapsed, all);
    }
}
