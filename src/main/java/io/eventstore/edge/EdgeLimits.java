package io.eventstore.edge;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * The connection budget of one instance ({@code event-store.edge.*}): open connections in all and
 * per client address (0 = no limit per address: behind a load balancer every connection comes
 * from it), and how long a connection may take to send a complete request head.
 */
@ConfigurationProperties("event-store.edge")
public class EdgeLimits {

    private int maxConnections = 10_000;
    private int maxConnectionsPerAddress = 256;
    private Duration requestHeadTimeout = Duration.ofSeconds(10);

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
    }

    public Duration getRequestHeadTimeout() {
        return requestHeadTimeout;
    }

    public void setRequestHeadTimeout(Duration requestHeadTimeout) {
        this.requestHeadTimeout = requestHeadTimeout;
    }
}
