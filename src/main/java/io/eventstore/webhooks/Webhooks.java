package io.eventstore.webhooks;

import io.eventstore.auth.Caller;
import io.eventstore.delivery.Deliverer;
import io.eventstore.error.ApiException;
import io.eventstore.event.store.ChangeStore;
import io.eventstore.ids.IdGenerator;
import io.eventstore.webhook.Delivery;
import io.eventstore.webhook.DeliveryState;
import io.eventstore.webhook.HookFilter;
import io.eventstore.webhook.ReceiverPolicy;
import io.eventstore.webhook.SecretSeal;
import io.eventstore.webhook.SigningSecret;
import io.eventstore.webhook.Webhook;
import io.eventstore.webhook.WebhookSettings;
import io.eventstore.webhook.store.DeliveryStore;
import io.eventstore.webhook.store.WebhookStore;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What can be done with webhooks and their deliveries, one method per request, each in the
 * caller's org. A hook's URL is checked by the {@link ReceiverPolicy} whenever it is saved.
 */
@Singleton
public class Webhooks {

    /** A hook just made or given a new secret, with the secret: the only time it is shown. */
    public record WithSecret(Webhook webhook, String secret) {
    }

    private static final String URL_POINTER = "/data/attributes/url";
    private static final int DELETE_BATCH = 5000;

    private final WebhookStore hooks;
    private final DeliveryStore deliveries;
    private final ChangeStore changes;
    private final ReceiverPolicy policy;
    private final SecretSeal seal;
    private final IdGenerator ids;
    private final Clock clock;
    private final WebhookSettings settings;
    private final Deliverer deliverer;

    public Webhooks(WebhookStore hooks, DeliveryStore deliveries, ChangeStore changes, ReceiverPolicy policy, SecretSeal seal,
                    IdGenerator ids, Clock clock, WebhookSettings settings, Deliverer deliverer) {
        this.hooks = hooks;
        this.deliveries = deliveries;
        this.changes = changes;
        this.policy = policy;
        this.seal = seal;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
        this.deliverer = deliverer;
    }

    /** A new hook, active, receiving the changes positioned from now on. */
    @Transactional
    public WithSecret create(Caller caller, WebhookInput input, String baseUrl) {
        if (input.url() == null) {
            throw ApiException.atPointer(422, "missing_attribute", "Missing attribute", "A hook needs a url.", "/data/attributes");
        }
        URI url = receiver(input.url());
        if (hooks.count(caller.org()) >= settings.maxPerOrg()) {
            throw ApiException.of(409, "too_many_webhooks", "Too many webhooks", "An org has at most " + settings.maxPerOrg()
                    + " webhooks; delete one, or give one a wider filter.");
        }
        Instant now = now();
        long position = changes.state(caller.org()).lastPosition();
        Webhook hook = new Webhook(caller.org(), ids.next(), url, input.filter() == null ? HookFilter.NONE : input.filter(),
                input.active() == null || input.active(), null, baseUrl, position, null, null, now, now);
        SigningSecret secret = SigningSecret.generate();
        hooks.insert(hook, seal.seal(secret, hook.orgId(), hook.id()));
        return new WithSecret(hook, secret.text());
    }

    @Connectable
    public List<Webhook> list(Caller caller) {
        return hooks.list(caller.org());
    }

    @Connectable
    public Webhook find(Caller caller, long id) {
        return hooks.find(caller.org(), id).orElseThrow(ApiException::notFound);
    }

    /** Changes url, filter or active; a hook turned on again receives the changes from now on. */
    @Transactional
    public Webhook update(Caller caller, long id, WebhookInput input) {
        Webhook hook = hooks.findForUpdate(caller.org(), id).orElseThrow(ApiException::notFound);
        Instant now = now();
        if (input.url() != null) {
            hook = hook.withUrl(receiver(input.url()), now);
        }
        if (input.filter() != null) {
            hook = hook.withFilter(input.filter(), now);
        }
        boolean turnedOn = input.active() != null && input.active() && !hook.active();
        if (input.active() != null) {
            hook = hook.withActive(input.active(), changes.state(caller.org()).lastPosition(), now);
        }
        hooks.save(hook);
        if (turnedOn) {
            deliveries.unpark(caller.org(), id, now); // what was pending when it went off is due again
            deliverer.wake();
        }
        return hook;
    }

    /** Deletes the hook and its deliveries (those pending are never sent). */
    @Transactional
    public void delete(Caller caller, long id) {
        hooks.findForUpdate(caller.org(), id).orElseThrow(ApiException::notFound);
        while (deliveries.deleteOfHook(caller.org(), id, DELETE_BATCH) == DELETE_BATCH) {
            Thread.onSpinWait();
        }
        hooks.delete(caller.org(), id);
    }

    /** A new signing secret; the one it replaces signs deliveries too for {@code secret-overlap}. */
    @Transactional
    public WithSecret rotate(Caller caller, long id) {
        Webhook hook = hooks.findForUpdate(caller.org(), id).orElseThrow(ApiException::notFound);
        Instant now = now();
        SigningSecret secret = SigningSecret.generate();
        Instant until = now.plus(settings.secretOverlap());
        hooks.rotate(caller.org(), id, seal.seal(secret, caller.org(), id), until, now);
        return new WithSecret(hook.withPreviousSecretUntil(until, now), secret.text());
    }

    /** A page of the hook's deliveries, newest first, after the delivery {@code afterId}; {@code state} null: all. */
    @Connectable
    public List<Delivery> deliveries(Caller caller, long hookId, DeliveryState state, Long afterId, int limit) {
        find(caller, hookId);
        return deliveries.list(caller.org(), hookId, state, afterId, limit);
    }

    @Connectable
    public Delivery delivery(Caller caller, long hookId, long id) {
        return deliveries.find(caller.org(), hookId, id).orElseThrow(ApiException::notFound);
    }

    /** One more attempt of a failed delivery, as soon as the hook is active. */
    @Transactional
    public Delivery retry(Caller caller, long hookId, long id) {
        Delivery delivery = deliveries.find(caller.org(), hookId, id).orElseThrow(ApiException::notFound);
        if (!deliveries.retry(caller.org(), hookId, id, now())) {
            throw ApiException.of(409, "not_failed", "Delivery not failed", "Only a failed delivery can be retried; this one is "
                    + delivery.state().wireName() + ".");
        }
        deliverer.wake();
        return deliveries.find(caller.org(), hookId, id).orElseThrow();
    }

    /** The URL, if it may be used and its host resolves only to addresses hooks may reach; else 422 at the url. */
    private URI receiver(String text) {
        ReceiverPolicy.Checked checked = policy.check(text);
        if (checked.problem() != null) {
            throw ApiException.atPointer(422, "invalid_url", "Invalid URL", checked.problem(), URL_POINTER);
        }
        ReceiverPolicy.Resolved resolved = policy.resolve(checked.url());
        if (resolved.problem() != null) {
            throw ApiException.atPointer(422, "url_not_allowed", "URL not allowed", resolved.problem(), URL_POINTER);
        }
        return checked.url();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
