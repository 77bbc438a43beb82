package io.eventstore.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventstore.error.ApiException;

import java.io.IOException;

/**
 * Reads request bodies strictly: valid UTF-8 JSON, one value, no duplicate keys (a silent
 * last-one-wins would lose data), bounded nesting and number lengths.
 */
final class StrictJson {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private StrictJson() {
    }

    /** The body as a JSON object, or a 400 pointing at the whole document. */
    static JsonNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("The request needs a JSON:API document.");
        }
        if (!wellFormedUtf8(body)) {
            throw invalid("The body is not well-formed UTF-8 (no overlong forms, no encoded surrogates).");
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

    /**
     * Jackson's UTF-8 reader lets overlong forms (0xC0 0xAF for '/') and encoded surrogates
     * through; they are how filters get bypassed, so the bytes are checked first (RFC 3629).
     */
    static boolean wellFormedUtf8(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
            if (length == 0 || i + length > bytes.length) {
                return false;
            }
            int codePoint = lead & (0x7F >> length);
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return false;
                }
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            boolean overlongOrSurrogate = length == 3 && (codePoint < 0x800 || (codePoint >= 0xD800 && codePoint <= 0xDFFF));
            if (overlongOrSurrogate || (length == 4 && (codePoint < 0x10000 || codePoint > 0x10FFFF))) {
                return false;
            }
            i += length;
        }
        return true;
    }


    private static ApiException invalid(String detail) {
        return ApiException.atPointer(400, "invalid_document", "Invalid document", detail, "");
    }
}
