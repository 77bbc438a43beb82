package io.eventstore.jsonapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * Reads request bodies strictly: valid UTF-8 JSON, one value, no duplicate keys (a silent
 * last-one-wins would lose data), bounded nesting and number lengths.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private StrictJson() {
    }

    /** The body as a JSON object, or a 400 pointing at the whole document. */
    public static JsonNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("The request needs a JSON:API document.");
        }
        try (JsonParser parser = MAPPER.createParser(body)) {
            JsonNode document = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw invalid("The body holds more than one JSON value.");
            }
            if (document == null || !document.isObject()) {
                throw invalid("The document must be a JSON object.");
            }
            return document;
        } catch (IOException e) {
            throw invalid("The body is not valid JSON (UTF-8, no duplicate keys, nesting at most 64 deep).");
        }
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static ApiException invalid(String detail) {
        return ApiException.atPointer(400, "invalid_document", "Invalid document", detail, "");
    }
}
