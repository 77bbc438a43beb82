package io.eventstore.edge;

import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open connections, in all and per client address, against {@link EdgeLimits}. */
@Singleton
class ConnectionBudget {

    private final EdgeLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();

    ConnectionBudget(EdgeLimits limits) {
        this.limits = limits;
    }

    /** Counts a new connection; false (and nothing counted) when it is over the budget. */
    boolean tryOpen(InetAddress address) {
        if (open.incrementAndGet() > limits.getMaxConnections()) {
            open.decrementAndGet();
            return false;
        }
        if (limits.getMaxConnectionsPerAddress() > 0) {
            // compute() changes one address's count atomically, and drops it at zero
            int mine = byAddress.compute(address, (any, count) -> count == null ? 1 : count + 1);
            if (mine > limits.getMaxConnectionsPerAddress()) {
                release(address);
                return false;
            }
        }
        return true;
    }

    void release(InetAddress address) {
        open.decrementAndGet();
        if (limits.getMaxConnectionsPerAddress() > 0) {
            byAddress.computeIfPresent(address, (any, count) -> count <= 1 ? null : count - 1);
        }
    }

    int open() {
        return open.get();
    }
}
