package io.eventstore.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds webhook documents for requests: {@code webhook(url).filter("name", "a,b").json()}. */
public final class WebhookDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode data = JSON.createObjectNode();
    private final ObjectNode attributes;

    private WebhookDocument(String id) {
        data.put("type", "webhook");
        if (id != null) {
            data.put("id", id);
        }
        attributes = data.putObject("attributes");
    }

    /** A new hook posting to {@code url}. */
    public static WebhookDocument webhook(String url) {
        return new WebhookDocument(null).attribute("url", url);
    }

    /** Changes to the hook {@code id}. */
    public static WebhookDocument hookChanges(String id) {
        return new WebhookDocument(id);
    }

    public WebhookDocument attribute(String name, String value) {
        attributes.put(name, value);
        return this;
    }

    public WebhookDocument active(boolean active) {
        attributes.put("active", active);
        return this;
    }

    /** One filter member: {@code filter("name", "a,b")}, {@code filter("prospect.id", "42")} for {"prospect":{"id":"42"}}. */
    public WebhookDocument filter(String path, String value) {
        ObjectNode at = attributes.has("filter") ? (ObjectNode) attributes.get("filter") : attributes.putObject("filter");
        String[] names = path.split("\\.");
        for (int i = 0; i < names.length - 1; i++) {
            at = at.has(names[i]) ? (ObjectNode) at.get(names[i]) : at.putObject(names[i]);
        }
        at.put(names[names.length - 1], value);
        return this;
    }

    /** A raw JSON value for an attribute (wrong types and shapes). */
    public WebhookDocument rawAttribute(String name, String json) {
        try {
            attributes.set(name, JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    public String json() {
        ObjectNode document = JSON.createObjectNode();
        document.set("data", data);
        return document.toString();
    }
}
