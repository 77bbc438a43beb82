package io.eventstore.jsonapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads single members out of JSON documents the service wrote itself, streaming and without
 * building a tree: the hot paths (Location of a 201, results of a batch) need one member of a
 * document, not the document.
 */
public final class JsonSlices {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonSlices() {
    }

    /** The raw bytes of a top-level member's value, or null when it is absent. */
    public static byte[] member(byte[] json, String name) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = name.equals(parser.currentName());
                parser.nextToken();
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                if (wanted) {
                    int end = (int) parser.currentLocation().getByteOffset();
                    return Arrays.copyOfRange(json, start, end);
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The string at a path of object members ({@code data, links, self}), or null. */
    public static String string(byte[] json, String... path) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int depth = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean onPath = path[depth].equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (!onPath) {
                    parser.skipChildren();
                } else if (depth == path.length - 1) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                } else if (value == JsonToken.START_OBJECT) {
                    depth++;
                } else {
                    return null;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
