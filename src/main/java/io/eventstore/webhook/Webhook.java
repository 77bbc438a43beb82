package io.eventstore.webhook;

import java.net.URI;
import java.time.Instant;

/**
 * A client's receiver of its org's changes: where they go, which of them ({@link HookFilter}),
 * whether it is on (and why not, when the service turned it off), and how far the org's feed has
 * been turned into its deliveries. Its secrets are not part of it: only the deliverer opens them.
 */
public record Webhook(long orgId, long id, URI url, HookFilter filter, boolean active, String disabledReason,
                      String baseUrl, long feedPosition, Instant failingSince, Instant previousSecretExpiresAt,
                      Instant createdAt, Instant updatedAt) {

    public Webhook withUrl(URI changed, Instant now) {
        return new Webhook(orgId, id, changed, filter, active, disabledReason, baseUrl, feedPosition, failingSince,
                previousSecretExpiresAt, createdAt, now);
    }

    public Webhook withFilter(HookFilter changed, Instant now) {
        return new Webhook(orgId, id, url, changed, active, disabledReason, baseUrl, feedPosition, failingSince,
                previousSecretExpiresAt, createdAt, now);
    }

    /** Turned off by its client; or on again, from the feed's position now (what changed while it was off is not sent). */
    public Webhook withActive(boolean on, long currentPosition, Instant now) {
        if (on == active) {
            return this;
        }
        return on
                ? new Webhook(orgId, id, url, filter, true, null, baseUrl, currentPosition, null, previousSecretExpiresAt, createdAt, now)
                : new Webhook(orgId, id, url, filter, false, null, baseUrl, feedPosition, failingSince, previousSecretExpiresAt, createdAt, now);
    }

    public Webhook withPreviousSecretUntil(Instant until, Instant now) {
        return new Webhook(orgId, id, url, filter, active, disabledReason, baseUrl, feedPosition, failingSince, until, createdAt, now);
    }
}
