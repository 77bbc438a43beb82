package io.eventstore.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.eventstore.jsonapi.ApiException;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks a request document (parsed strictly by {@code StrictJson}) before crnk reads it, so that every refusal names the member at fault
 * ({@code source.pointer}) and crnk only ever sees well-formed events: structure, JSON types,
 * sizes and the rules of each attribute. Rules that need the stored event (the immutable payload,
 * read-only timestamps) are the service's.
 */
@Singleton
public class EventDocumentValidator {

    private static final Set<String> TOP_LEVEL = Set.of("data", "meta", "jsonapi", "links");
    private static final Set<String> RESOURCE_MEMBERS = Set.of("type", "id", "attributes", "relationships", "meta", "links");
    private static final Set<String> SHORT_TEXT = Set.of("requestCity", "requestDevice", "requestHost", "requestRegion");
    private static final Set<String> READ_ONLY = Set.of("createdAt", "updatedAt");

    private final EventLimits limits;

    public EventDocumentValidator(EventLimits limits) {
        this.limits = limits;
    }

    /** {@code POST /events}: a new event, without an id. */
    public void checkCreate(JsonNode document) {
        JsonNode data = resourceObject(document);
        if (data.has("id")) {
            throw ApiException.atPointer(403, "client_id_not_supported", "Forbidden",
                    "This service generates event ids; leave out data.id.", "/data/id");
        }
        JsonNode attributes = attributes(data);
        if (!attributes.hasNonNull("name")) {
            throw rule("/data/attributes/name", "name is required.");
        }
        for (String readOnly : READ_ONLY) {
            if (attributes.has(readOnly)) {
                throw ApiException.atPointer(403, "read_only", "Forbidden",
                        readOnly + " is set by the server.", "/data/attributes/" + readOnly);
            }
        }
        checkAttributes(attributes);
        checkRelationships(data);
    }

    /** {@code PATCH /events/{id}}: changes to the event with that id. */
    public void checkUpdate(JsonNode document, String id) {
        JsonNode data = resourceObject(document);
        JsonNode bodyId = data.get("id");
        if (bodyId == null) {
            throw ApiException.atPointer(400, "missing_id", "Bad request", "data.id is required to update an event.", "/data/id");
        }
        if (!bodyId.isTextual() || !bodyId.asText().equals(id)) {
            throw ApiException.atPointer(409, "id_mismatch", "Conflict",
                    "data.id does not match the event in the URL.", "/data/id");
        }
        JsonNode attributes = attributes(data);
        if (attributes.has("name") && attributes.get("name").isNull()) {
            throw rule("/data/attributes/name", "name cannot be removed.");
        }
        if (attributes.has("eventAt") && attributes.get("eventAt").isNull()) {
            throw rule("/data/attributes/eventAt", "eventAt cannot be removed.");
        }
        checkAttributes(attributes);
        checkRelationships(data);
    }

    /** {@code PATCH /events/{id}/relationships/{name}}: a linkage or null. */
    public void checkRelationship(JsonNode document, Relationship relationship) {
        checkMembers(document, TOP_LEVEL, "");
        if (!document.has("data")) {
            throw structure("/data", "The document needs data: a resource identifier or null.");
        }
        checkLinkage(document.get("data"), relationship, "/data");
    }

    private JsonNode resourceObject(JsonNode document) {
        checkMembers(document, TOP_LEVEL, "");
        JsonNode data = document.get("data");
        if (data == null || !data.isObject()) {
            throw structure("/data", "data must be a single resource object.");
        }
        checkMembers(data, RESOURCE_MEMBERS, "/data");
        JsonNode type = data.get("type");
        if (type == null || !type.isTextual()) {
            throw structure("/data/type", "data.type is required and must be a string.");
        }
        if (!"event".equals(type.asText())) {
            throw ApiException.atPointer(409, "type_mismatch", "Conflict",
                    "This collection holds resources of type 'event'.", "/data/type");
        }
        return data;
    }

    private static JsonNode attributes(JsonNode data) {
        JsonNode attributes = data.get("attributes");
        if (attributes == null) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!attributes.isObject()) {
            throw structure("/data/attributes", "attributes must be an object.");
        }
        return attributes;
    }

    private void checkAttributes(JsonNode attributes) {
        Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String pointer = "/data/attributes/" + escape(field.getKey());
            checkAttribute(field.getKey(), field.getValue(), pointer);
        }
    }

    private void checkAttribute(String name, JsonNode value, String pointer) {
        switch (name) {
            case "name" -> text(value, pointer, EventLimits.MAX_SHORT_TEXT, false);
            case "eventAt", "createdAt", "updatedAt" -> dateTime(value, pointer);
            case "body" -> text(value, pointer, limits.getBodyMaxChars(), true);
            case "externalUrl" -> url(value, pointer);
            case "payload" -> payload(value, pointer);
            case "requestProxied" -> {
                if (!value.isNull() && !value.isBoolean()) {
                    throw type(pointer, "requestProxied must be true, false or null.");
                }
            }
            default -> {
                if (SHORT_TEXT.contains(name)) {
                    text(value, pointer, EventLimits.MAX_SHORT_TEXT, true);
                } else {
                    throw structure(pointer, "An event has no attribute '" + name + "'.");
                }
            }
        }
    }

    private static void text(JsonNode value, String pointer, int maxChars, boolean nullable) {
        if (value.isNull() && nullable) {
            return;
        }
        if (!value.isTextual()) {
            throw type(pointer, "This attribute must be a string.");
        }
        String text = value.asText();
        refuseUnstorableText(text, pointer);
        if (!nullable && text.isEmpty()) {
            throw rule(pointer, "This attribute cannot be empty.");
        }
        if (text.length() > maxChars && text.codePointCount(0, text.length()) > maxChars) {
            throw ApiException.atPointer(400, "too_long", "Value too long",
                    "This attribute takes at most " + maxChars + " characters.", pointer);
        }
    }

    private static void dateTime(JsonNode value, String pointer) {
        if (value.isNull()) {
            return;
        }
        if (!value.isTextual()) {
            throw type(pointer, "Date-times are ISO-8601 strings with an offset, such as 2026-01-31T09:30:00Z.");
        }
        try {
            int year = OffsetDateTime.parse(value.asText()).toInstant().atOffset(java.time.ZoneOffset.UTC).getYear();
            if (year < 1000 || year > 9999) {
                throw rule(pointer, "Date-times must fall in the years 1000 to 9999.");
            }
        } catch (DateTimeParseException e) {
            throw type(pointer, "Date-times are ISO-8601 strings with an offset, such as 2026-01-31T09:30:00Z.");
        }
    }

    private static void url(JsonNode value, String pointer) {
        text(value, pointer, EventLimits.MAX_URL_LENGTH, true);
        if (value.isNull()) {
            return;
        }
        try {
            URI uri = new URI(value.asText());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw rule(pointer, "externalUrl must be an absolute http or https URL.");
    }

    private void payload(JsonNode value, String pointer) {
        if (value.isNull()) {
            return;
        }
        if (value.getNodeType() != JsonNodeType.OBJECT) {
            throw type(pointer, "payload must be a JSON object.");
        }
        checkPayloadNode(value, pointer, 1);
        if (value.toString().getBytes(StandardCharsets.UTF_8).length > limits.getPayloadMaxBytes()) {
            throw ApiException.atPointer(400, "payload_too_large", "Payload too large",
                    "payload takes at most " + limits.getPayloadMaxBytes() + " bytes of JSON.", pointer);
        }
    }

    /**
     * Walks the payload once: bounded nesting, and nothing every supported database cannot keep
     * exactly (numbers beyond a 64-bit integer or a double, such as 1e999999; NUL characters).
     */
    private static void checkPayloadNode(JsonNode node, String pointer, int depth) {
        if (node.isContainerNode() && depth > EventLimits.MAX_PAYLOAD_DEPTH) {
            throw ApiException.atPointer(400, "payload_too_deep", "Payload too deep",
                    "payload may nest at most " + EventLimits.MAX_PAYLOAD_DEPTH + " levels.", pointer);
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = pointer + "/" + escape(field.getKey());
                refuseUnstorableText(field.getKey(), at);
                checkPayloadNode(field.getValue(), at, depth + 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkPayloadNode(node.get(i), pointer + "/" + i, depth + 1);
            }
        } else if (node.isTextual()) {
            refuseUnstorableText(node.textValue(), pointer);
        } else if (node.isNumber() && (node.isIntegralNumber() ? !node.canConvertToLong() : !Double.isFinite(node.doubleValue()))) {
            throw unstorable(pointer, "Numbers in a payload must fit a 64-bit integer or a double.");
        }
    }

    /** NUL and unpaired surrogates (which UTF-8 cannot encode) are refused rather than stored mangled. */
    private static void refuseUnstorableText(String text, String pointer) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw unstorable(pointer, "Text may not contain the NUL character (U+0000).");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    throw unstorable(pointer, "Text may not contain unpaired surrogates (such as \\ud800): they are not Unicode characters.");
                }
                i++;
            }
        }
    }

    private static void checkRelationships(JsonNode data) {
        JsonNode relationships = data.get("relationships");
        if (relationships == null) {
            return;
        }
        if (!relationships.isObject()) {
            throw structure("/data/relationships", "relationships must be an object.");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = relationships.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String pointer = "/data/relationships/" + escape(field.getKey());
            Relationship relationship = Relationship.byName(field.getKey());
            if (relationship == null) {
                throw structure(pointer, "An event has no relationship '" + field.getKey() + "'.");
            }
            JsonNode value = field.getValue();
            if (!value.isObject() || !value.has("data")) {
                throw structure(pointer, "A relationship is an object with data: a resource identifier or null.");
            }
            checkMembers(value, Set.of("data", "links", "meta"), pointer);
            checkLinkage(value.get("data"), relationship, pointer + "/data");
        }
    }

    private static void checkLinkage(JsonNode linkage, Relationship relationship, String pointer) {
        if (linkage.isNull()) {
            return;
        }
        if (!linkage.isObject()) {
            throw structure(pointer, "A to-one relationship takes a resource identifier object or null.");
        }
        checkMembers(linkage, Set.of("type", "id", "meta"), pointer);
        JsonNode type = linkage.get("type");
        if (type == null || !type.isTextual()) {
            throw structure(pointer + "/type", "type is required and must be a string.");
        }
        if (!type.asText().equals(relationship.jsonName())) {
            throw rule(pointer + "/type", "The " + relationship.jsonName() + " relationship links resources of type '"
                    + relationship.jsonName() + "'.");
        }
        JsonNode id = linkage.get("id");
        if (id == null || !id.isTextual()) {
            throw structure(pointer + "/id", "id is required and must be a string.");
        }
        String text = id.asText();
        refuseUnstorableText(text, pointer + "/id");
        if (text.isEmpty() || text.codePointCount(0, text.length()) > Relationship.MAX_ID_LENGTH) {
            throw ApiException.atPointer(400, "invalid_id", "Bad request",
                    "Related ids are 1 to " + Relationship.MAX_ID_LENGTH + " characters long.", pointer + "/id");
        }
    }

    private static void checkMembers(JsonNode object, Set<String> allowed, String pointer) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String where = pointer + "/" + escape(name);
                throw structure(where, name.equals("included")
                        ? "Documents sent to this service cannot include resources."
                        : "'" + name + "' is not a member this object may have.");
            }
        }
    }

    /** JSON Pointer escaping (RFC 6901). */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static ApiException structure(String pointer, String detail) {
        return ApiException.atPointer(400, "invalid_document", "Invalid document", detail, pointer);
    }

    private static ApiException type(String pointer, String detail) {
        return ApiException.atPointer(400, "invalid_type", "Wrong JSON type", detail, pointer);
    }

    /** A value no supported database keeps as sent: malformed input, so 400 rather than a rule's 422. */
    private static ApiException unstorable(String pointer, String detail) {
        return ApiException.atPointer(400, "unsupported_value", "Unsupported value", detail, pointer);
    }

    private static ApiException rule(String pointer, String detail) {
        return ApiException.atPointer(422, "invalid_value", "Unprocessable entity", detail, pointer);
    }
}
