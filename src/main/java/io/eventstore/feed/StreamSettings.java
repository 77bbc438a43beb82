package io.eventstore.feed;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** {@code event-store.stream.*}: how streams are fed and bounded (application.yml explains each). */
@ConfigurationProperties("event-store.stream")
public class StreamSettings {

    private Duration pollInterval = Duration.ofMillis(100);
    private Duration heartbeat = Duration.ofSeconds(15);
    private long bufferBytes = 1 << 20;
    private Duration stallTimeout = Duration.ofSeconds(30);
    private Duration endGrace = Duration.ofSeconds(5);
    private int perTokenLimit = 5;
    private int chunkSize = 500;
    private int chunksPerRound = 10;
    private Duration authCheck = Duration.ofSeconds(5);

    public Duration pollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public Duration heartbeat() { return heartbeat; }
    public void setHeartbeat(Duration heartbeat) { this.heartbeat = heartbeat; }
    public long bufferBytes() { return bufferBytes; }
    public void setBufferBytes(long bufferBytes) { this.bufferBytes = bufferBytes; }
    public Duration stallTimeout() { return stallTimeout; }
    public void setStallTimeout(Duration stallTimeout) { this.stallTimeout = stallTimeout; }
    public Duration endGrace() { return endGrace; }
    public void setEndGrace(Duration endGrace) { this.endGrace = endGrace; }
    public int perTokenLimit() { return perTokenLimit; }
    public void setPerTokenLimit(int perTokenLimit) { this.perTokenLimit = perTokenLimit; }
    public int chunkSize() { return chunkSize; }
    public void setChunkSize(int chunkSize) { this.chunkSize = chunkSize; }
    public int chunksPerRound() { return chunksPerRound; }
    public void setChunksPerRound(int chunksPerRound) { this.chunksPerRound = chunksPerRound; }
    public Duration authCheck() { return authCheck; }
    public void setAuthCheck(Duration authCheck) { this.authCheck = authCheck; }
}
