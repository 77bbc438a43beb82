package io.eventstore.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.eventstore.webhook.Delivery;
import io.eventstore.webhook.HookFilter;
import io.eventstore.webhook.Webhook;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents of webhooks and their deliveries, written with {@link DocumentWriter}'s document
 * frame: a hook's {@code filter} as the nested object it was given in, its secret only in the
 * answer that made it.
 */
final class WebhookWriter {

    static final String WEBHOOK = "webhook";
    static final String DELIVERY = "webhook-delivery";

    private WebhookWriter() {
    }

    static byte[] webhook(Webhook hook, String secret, String baseUrl) {
        return DocumentWriter.document(1024, out -> {
            out.writeFieldName("data");
            webhook(out, hook, secret, baseUrl);
        });
    }

    static byte[] webhooks(List<Webhook> hooks, String baseUrl) {
        return DocumentWriter.document(512 + 512 * hooks.size(), out -> {
            out.writeArrayFieldStart("data");
            for (Webhook hook : hooks) {
                webhook(out, hook, null, baseUrl);
            }
            out.writeEndArray();
            out.writeObjectFieldStart("links");
            out.writeStringField("self", baseUrl + "/webhooks");
            out.writeEndObject();
        });
    }

    static byte[] delivery(Delivery delivery, String baseUrl) {
        return DocumentWriter.document(1024, out -> {
            out.writeFieldName("data");
            delivery(out, delivery, baseUrl);
        });
    }

    static byte[] deliveries(List<Delivery> deliveries, String baseUrl, String self, String next) {
        return DocumentWriter.document(512 + 640 * deliveries.size(), out -> {
            out.writeArrayFieldStart("data");
            for (Delivery delivery : deliveries) {
                delivery(out, delivery, baseUrl);
            }
            out.writeEndArray();
            out.writeObjectFieldStart("links");
            out.writeStringField("self", self);
            DocumentWriter.link(out, "next", next);
            out.writeEndObject();
        });
    }

    private static void webhook(JsonGenerator out, Webhook hook, String secret, String baseUrl) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", WEBHOOK);
        out.writeStringField("id", Long.toString(hook.id()));
        out.writeObjectFieldStart("attributes");
        out.writeStringField("url", hook.url().toString());
        out.writeBooleanField("active", hook.active());
        out.writeFieldName("disabledReason");
        text(out, hook.disabledReason());
        out.writeFieldName("filter");
        filter(out, hook.filter());
        if (secret != null) {
            out.writeStringField("secret", secret);
        }
        out.writeFieldName("previousSecretExpiresAt");
        time(out, hook.previousSecretExpiresAt());
        out.writeFieldName("createdAt");
        time(out, hook.createdAt());
        out.writeFieldName("updatedAt");
        time(out, hook.updatedAt());
        out.writeEndObject();
        out.writeObjectFieldStart("links");
        String self = baseUrl + "/webhooks/" + hook.id();
        out.writeStringField("self", self);
        out.writeStringField("deliveries", self + "/deliveries");
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void delivery(JsonGenerator out, Delivery delivery, String baseUrl) throws IOException {
        String hook = baseUrl + "/webhooks/" + delivery.webhookId();
        out.writeStartObject();
        out.writeStringField("type", DELIVERY);
        out.writeStringField("id", Long.toString(delivery.id()));
        out.writeObjectFieldStart("attributes");
        out.writeStringField("outcome", delivery.state().wireName());
        out.writeStringField("kind", delivery.kind().wireName());
        out.writeStringField("position", Long.toString(delivery.position()));
        out.writeStringField("eventId", Long.toString(delivery.eventId()));
        out.writeNumberField("attempts", delivery.attempts());
        out.writeFieldName("lastAttemptAt");
        time(out, delivery.lastAttemptAt());
        out.writeFieldName("lastStatusCode");
        number(out, delivery.lastStatus());
        out.writeFieldName("lastLatencyMs");
        number(out, delivery.lastLatencyMillis());
        out.writeFieldName("lastError");
        text(out, delivery.lastError());
        out.writeFieldName("nextAttemptAt");
        time(out, delivery.nextAttemptAt());
        out.writeFieldName("createdAt");
        time(out, delivery.createdAt());
        out.writeEndObject();
        out.writeObjectFieldStart("relationships");
        out.writeObjectFieldStart("webhook");
        out.writeObjectFieldStart("data");
        out.writeStringField("type", WEBHOOK);
        out.writeStringField("id", Long.toString(delivery.webhookId()));
        out.writeEndObject();
        out.writeEndObject();
        out.writeEndObject();
        out.writeObjectFieldStart("links");
        out.writeStringField("self", hook + "/deliveries/" + delivery.id());
        out.writeStringField("event", baseUrl + "/events/" + delivery.eventId());
        out.writeEndObject();
        out.writeEndObject();
    }

    /** {@code filter[prospect][id]=42} back to {@code {"prospect":{"id":"42"}}}. */
    private static void filter(JsonGenerator out, HookFilter filter) throws IOException {
        Map<String, Object> tree = new LinkedHashMap<>();
        filter.parameters().forEach((name, value) -> {
            String[] path = name.substring("filter[".length(), name.length() - 1).split("]\\[");
            Map<String, Object> at = tree;
            for (int i = 0; i < path.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) at.computeIfAbsent(path[i], key -> new LinkedHashMap<String, Object>());
                at = next;
            }
            at.put(path[path.length - 1], value);
        });
        write(out, tree);
    }

    private static void write(JsonGenerator out, Map<String, Object> tree) throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, Object> member : tree.entrySet()) {
            out.writeFieldName(member.getKey());
            if (member.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) nested;
                write(out, object);
            } else {
                out.writeString((String) member.getValue());
            }
        }
        out.writeEndObject();
    }

    private static void time(JsonGenerator out, Instant instant) throws IOException {
        text(out, instant == null ? null : IsoInstant.format(instant));
    }

    private static void text(JsonGenerator out, String text) throws IOException {
        if (text == null) {
            out.writeNull();
        } else {
            out.writeString(text);
        }
    }

    private static void number(JsonGenerator out, Integer number) throws IOException {
        if (number == null) {
            out.writeNull();
        } else {
            out.writeNumber(number);
        }
    }
}
