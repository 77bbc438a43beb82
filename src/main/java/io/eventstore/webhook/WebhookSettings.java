package io.eventstore.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/** {@code event-store.webhooks.*}: receivers, retries and bounds of webhook deliveries (application.yml explains each). */
@ConfigurationProperties("event-store.webhooks")
public class WebhookSettings {

    private boolean allowHttp = false;
    private List<String> allowedNetworks = List.of();
    private int maxPerOrg = 100;
    private Duration timeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private List<Duration> retrySchedule = RetrySchedule.DEFAULT_DELAYS;
    private Duration disableAfter = Duration.ofDays(3);
    private Duration secretOverlap = Duration.ofHours(24);
    private int maxInFlight = 32;
    private int maxInFlightPerHook = 4;
    private Duration pollInterval = Duration.ofMillis(200);
    private Duration deliveryRetention = Duration.ofDays(7);
    private int responseBytes = 1024;
    private String secretKey = "";

    public boolean allowHttp() { return allowHttp; }
    public void setAllowHttp(boolean allowHttp) { this.allowHttp = allowHttp; }
    public List<String> allowedNetworks() { return allowedNetworks; }
    public void setAllowedNetworks(List<String> allowedNetworks) { this.allowedNetworks = allowedNetworks; }
    public int maxPerOrg() { return maxPerOrg; }
    public void setMaxPerOrg(int maxPerOrg) { this.maxPerOrg = maxPerOrg; }
    public Duration timeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Duration connectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public List<Duration> retrySchedule() { return retrySchedule; }
    public void setRetrySchedule(List<Duration> retrySchedule) { this.retrySchedule = retrySchedule; }
    public Duration disableAfter() { return disableAfter; }
    public void setDisableAfter(Duration disableAfter) { this.disableAfter = disableAfter; }
    public Duration secretOverlap() { return secretOverlap; }
    public void setSecretOverlap(Duration secretOverlap) { this.secretOverlap = secretOverlap; }
    public int maxInFlight() { return maxInFlight; }
    public void setMaxInFlight(int maxInFlight) { this.maxInFlight = maxInFlight; }
    public int maxInFlightPerHook() { return maxInFlightPerHook; }
    public void setMaxInFlightPerHook(int maxInFlightPerHook) { this.maxInFlightPerHook = maxInFlightPerHook; }
    public Duration pollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public Duration deliveryRetention() { return deliveryRetention; }
    public void setDeliveryRetention(Duration deliveryRetention) { this.deliveryRetention = deliveryRetention; }
    public int responseBytes() { return responseBytes; }
    public void setResponseBytes(int responseBytes) { this.responseBytes = responseBytes; }
    public String secretKey() { return secretKey; }
    public void setSecretKey(String secretKey) { this.secretKey = secretKey; }
}
