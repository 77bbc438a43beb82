package io.eventstore.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The shape of one payload, as the catalog of names keeps it: each key path with the JSON type of
 * its value. A path joins keys with dots ({@code message.id}); an array's elements are the path with
 * {@code []} ({@code links[]}, {@code links[].url}). Bounded: {@link #MAX_DEPTH} levels of objects,
 * {@link #MAX_PATHS} properties and paths of at most {@link #MAX_PATH_LENGTH} characters per payload.
 */
public final class PayloadShape {

    public static final int MAX_DEPTH = 4;
    public static final int MAX_PATHS = 100;
    public static final int MAX_PATH_LENGTH = 255;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One property: a key path and the type of its value (object, array, string, number, boolean or null). */
    public record Property(String path, String type) {
    }

    private PayloadShape() {
    }

    /** The properties of a payload (stored JSON object text; null: none). */
    public static Set<Property> of(String payload) {
        Set<Property> properties = new LinkedHashSet<>();
        if (payload == null) {
            return properties;
        }
        try {
            JsonNode root = JSON.readTree(payload);
            if (root != null && root.isObject()) {
                walk(root, "", 1, properties);
            }
        } catch (JsonProcessingException stored) {
            // the payload was checked when stored: nothing to observe of text that is no JSON
        }
        return properties;
    }

    private static void walk(JsonNode object, String prefix, int depth, Set<Property> properties) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext() && properties.size() < MAX_PATHS) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            value(field.getValue(), path, depth, properties);
        }
    }

    private static void value(JsonNode value, String path, int depth, Set<Property> properties) {
        if (path.length() > MAX_PATH_LENGTH || properties.size() >= MAX_PATHS) {
            return;
        }
        properties.add(new Property(path, type(value)));
        if (value.isObject() && depth < MAX_DEPTH) {
            walk(value, path, depth + 1, properties);
        } else if (value.isArray() && depth < MAX_DEPTH) {
            for (JsonNode element : value) {
                value(element, path + "[]", depth + 1, properties);
            }
        }
    }

    static String type(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            default -> "null";
        };
    }
}
