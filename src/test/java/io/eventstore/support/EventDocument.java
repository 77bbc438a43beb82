package io.eventstore.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds JSON:API event documents for requests: {@code event().name("x").prospect("42").json()}. */
public final class EventDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode document = JSON.createObjectNode();
    private final ObjectNode data = document.putObject("data");
    private final ObjectNode attributes;
    private final ObjectNode relationships;

    private EventDocument(String id) {
        data.put("type", "event");
        if (id != null) {
            data.put("id", id);
        }
        attributes = data.putObject("attributes");
        relationships = data.putObject("relationships");
    }

    /** A new event named {@code name}. */
    public static EventDocument event(String name) {
        return new EventDocument(null).attribute("name", name);
    }

    /** Changes to the event {@code id}. */
    public static EventDocument changes(String id) {
        return new EventDocument(id);
    }

    public EventDocument attribute(String name, String value) {
        attributes.put(name, value);
        return this;
    }

    public EventDocument attribute(String name, JsonNode value) {
        attributes.set(name, value);
        return this;
    }

    public EventDocument attributeJson(String name, String json) {
        return attribute(name, parse(json));
    }

    /** The document with one attribute written exactly as given, unparsed (numbers no parser would keep, say). */
    public String jsonWithRaw(String name, String rawJson) {
        attributes.put(name, "RAW-PLACEHOLDER");
        return json().replace("\"RAW-PLACEHOLDER\"", rawJson);
    }

    public EventDocument eventAt(String isoTime) {
        return attribute("eventAt", isoTime);
    }

    public EventDocument payload(String json) {
        return attributeJson("payload", json);
    }

    public EventDocument related(String relationship, String id) {
        ObjectNode linkage = relationships.putObject(relationship).putObject("data");
        linkage.put("type", relationship);
        linkage.put("id", id);
        return this;
    }

    public EventDocument unrelated(String relationship) {
        relationships.putObject(relationship).putNull("data");
        return this;
    }

    public EventDocument prospect(String id) {
        return related("prospect", id);
    }

    /** Direct access for documents that break the rules on purpose. */
    public ObjectNode data() {
        return data;
    }

    public String json() {
        return document.toString();
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
