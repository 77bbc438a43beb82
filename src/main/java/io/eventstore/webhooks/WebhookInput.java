package io.eventstore.webhooks;

import io.eventstore.webhook.HookFilter;

/** What a request gives of a hook; null members are not given (a PATCH changes only those it has). */
public record WebhookInput(String url, HookFilter filter, Boolean active) {
}
