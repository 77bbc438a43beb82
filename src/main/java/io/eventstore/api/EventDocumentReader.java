package io.eventstore.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.eventstore.error.ApiException;
import io.eventstore.event.EventField;
import io.eventstore.event.EventInput;
import io.eventstore.event.EventLimits;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads request documents (parsed strictly by {@link StrictJson}) into checked event input, so that
 * every refusal names the member at fault ({@code source.pointer}): structure, JSON types, sizes
 * and the rules of each member, all as the field table gives them. Rules that need the stored event
 * (the immutable payload, read-only timestamps) are the domain's ({@code EventRules}).
 */
@Singleton
final class EventDocumentReader {

    private static final Set<String> TOP_LEVEL = Set.of("data", "meta", "jsonapi", "links");
    private static final Set<String> RESOURCE_MEMBERS = Set.of("type", "id", "attributes", "relationships", "meta", "links");
    /** A resource object of a batch may carry a lid (JSON:API 1.1). */
    private static final Set<String> NEW_RESOURCE_MEMBERS = Set.of("type", "id", "lid", "attributes", "relationships", "meta", "links");

    private final EventLimits limits;

    EventDocumentReader(EventLimits limits) {
        this.limits = limits;
    }

    /** {@code POST /events}: a new event, without an id. */
    EventInput create(JsonNode document) {
        checkMembers(document, TOP_LEVEL, "");
        return createData(document.get("data"), false);
    }

    /** The resource object of a create; an add operation's ({@code inBatch}) may carry a lid. */
    EventInput createData(JsonNode data, boolean inBatch) {
        resourceObject(data, inBatch ? NEW_RESOURCE_MEMBERS : RESOURCE_MEMBERS);
        if (data.has("id")) {
            throw ApiException.atPointer(403, "client_id_not_supported", "Forbidden",
                    "This service generates event ids; leave out data.id.", "/data/id");
        }
        JsonNode attributes = attributes(data);
        if (!attributes.hasNonNull(EventField.NAME.jsonName())) {
            throw rule("/data/attributes/name", "name is required.");
        }
        for (EventField field : EventField.ATTRIBUTES) {
            if (field.write() == EventField.Write.SERVER && attributes.has(field.jsonName())) {
                throw ApiException.atPointer(403, "read_only", "Forbidden",
                        field.jsonName() + " is set by the server.", "/data/attributes/" + field.jsonName());
            }
        }
        EventInput input = new EventInput();
        readAttributes(attributes, input, false);
        readRelationships(data, input);
        return input;
    }

    /**
     * {@code PATCH /events/{id}}: changes to the event with that id. An update operation of a batch
     * ({@code inBatch}) may name its event by lid, and then has no id ({@code id} null).
     */
    EventInput update(JsonNode document, String id, boolean inBatch) {
        checkMembers(document, TOP_LEVEL, "");
        JsonNode data = document.get("data");
        resourceObject(data, inBatch ? NEW_RESOURCE_MEMBERS : RESOURCE_MEMBERS);
        JsonNode bodyId = data.get("id");
        if (id != null) {
            if (bodyId == null) {
                throw ApiException.atPointer(400, "missing_id", "Bad request", "data.id is required to update an event.", "/data/id");
            }
            if (!bodyId.isTextual() || !bodyId.asText().equals(id)) {
                throw ApiException.atPointer(409, "id_mismatch", "Conflict", "data.id does not match the event in the URL.", "/data/id");
            }
        }
        JsonNode attributes = attributes(data);
        EventInput input = new EventInput();
        readAttributes(attributes, input, true);
        readRelationships(data, input);
        return input;
    }

    EventInput update(JsonNode document, String id) {
        return update(document, id, false);
    }

    /** {@code PATCH /events/{id}/relationships/{name}}: the related id, or null to clear it. */
    String relationship(JsonNode document, EventField relationship) {
        checkMembers(document, TOP_LEVEL, "");
        if (!document.has("data")) {
            throw structure("/data", "The document needs data: a resource identifier or null.");
        }
        return linkage(document.get("data"), relationship, "/data");
    }

    private static void resourceObject(JsonNode data, Set<String> members) {
        if (data == null || !data.isObject()) {
            throw structure("/data", "data must be a single resource object.");
        }
        checkMembers(data, members, "/data");
        JsonNode type = data.get("type");
        if (type == null || !type.isTextual()) {
            throw structure("/data/type", "data.type is required and must be a string.");
        }
        if (!"event".equals(type.asText())) {
            throw ApiException.atPointer(409, "type_mismatch", "Conflict", "This collection holds resources of type 'event'.", "/data/type");
        }
    }

    private static JsonNode attributes(JsonNode data) {
        JsonNode attributes = data.get("attributes");
        if (attributes == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!attributes.isObject()) {
            throw structure("/data/attributes", "attributes must be an object.");
        }
        return attributes;
    }

    private void readAttributes(JsonNode attributes, EventInput input, boolean update) {
        Iterator<Map.Entry<String, JsonNode>> members = attributes.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            String pointer = "/data/attributes/" + escape(member.getKey());
            EventField field = EventField.member(member.getKey());
            if (field == null || field.isRelationship()) {
                throw structure(pointer, "An event has no attribute '" + member.getKey() + "'.");
            }
            JsonNode value = member.getValue();
            boolean neverNull = field.write() == EventField.Write.REQUIRED || field.write() == EventField.Write.DEFAULTED;
            if (update && neverNull && value.isNull()) {
                throw rule(pointer, field.jsonName() + " cannot be removed.");
            }
            input.put(field, value(field, value, pointer));
        }
    }

    /** The Java value of one attribute, checked against its row of the field table. */
    private Object value(EventField field, JsonNode value, String pointer) {
        boolean nullable = field.write() != EventField.Write.REQUIRED;
        if (value.isNull() && nullable) {
            return null;
        }
        return switch (field.type()) {
            case TEXT -> text(value, pointer, field.maxLength(limits), nullable);
            case URL -> url(value, pointer, field.maxLength(limits));
            case TIME -> dateTime(value, pointer);
            case JSON_OBJECT -> payload(value, pointer, field.maxLength(limits));
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw type(pointer, field.jsonName() + " must be true, false or null.");
                }
                yield value.booleanValue();
            }
            case EVENT_ID, RELATED_ID -> throw new IllegalStateException(field + " is no attribute");
        };
    }

    private static String text(JsonNode value, String pointer, int maxChars, boolean nullable) {
        if (!value.isTextual()) {
            throw type(pointer, "This attribute must be a string.");
        }
        String text = value.asText();
        refuseUnstorableText(text, pointer);
        if (!nullable && text.isEmpty()) {
            throw rule(pointer, "This attribute cannot be empty.");
        }
        if (text.length() > maxChars && text.codePointCount(0, text.length()) > maxChars) {
            throw ApiException.atPointer(400, "too_long", "Value too long", "This attribute takes at most " + maxChars + " characters.", pointer);
        }
        return text;
    }

    private static Instant dateTime(JsonNode value, String pointer) {
        if (!value.isTextual()) {
            throw type(pointer, "Date-times are ISO-8601 strings with an offset, such as 2026-01-31T09:30:00Z.");
        }
        try {
            Instant instant = OffsetDateTime.parse(value.asText()).toInstant();
            int year = instant.atOffset(ZoneOffset.UTC).getYear();
            if (year < 1000 || year > 9999) {
                throw rule(pointer, "Date-times must fall in the years 1000 to 9999.");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw type(pointer, "Date-times are ISO-8601 strings with an offset, such as 2026-01-31T09:30:00Z.");
        }
    }

    private static String url(JsonNode value, String pointer, int maxChars) {
        String text = text(value, pointer, maxChars, true);
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw rule(pointer, "externalUrl must be an absolute http or https URL.");
    }

    /** The payload's compact JSON text. */
    private static String payload(JsonNode value, String pointer, int maxBytes) {
        if (!value.isObject()) {
            throw type(pointer, "payload must be a JSON object.");
        }
        checkPayloadNode(value, pointer, 1);
        String json = value.toString();
        if (json.length() > maxBytes / 4 && json.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw ApiException.atPointer(400, "payload_too_large", "Payload too large",
                    "payload takes at most " + maxBytes + " bytes of JSON.", pointer);
        }
        return json;
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

    private static void readRelationships(JsonNode data, EventInput input) {
        JsonNode relationships = data.get("relationships");
        if (relationships == null) {
            return;
        }
        if (!relationships.isObject()) {
            throw structure("/data/relationships", "relationships must be an object.");
        }
        Iterator<Map.Entry<String, JsonNode>> members = relationships.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            String pointer = "/data/relationships/" + escape(member.getKey());
            EventField relationship = EventField.relationship(member.getKey());
            if (relationship == null) {
                throw structure(pointer, "An event has no relationship '" + member.getKey() + "'.");
            }
            JsonNode value = member.getValue();
            if (!value.isObject() || !value.has("data")) {
                throw structure(pointer, "A relationship is an object with data: a resource identifier or null.");
            }
            checkMembers(value, Set.of("data", "links", "meta"), pointer);
            input.put(relationship, linkage(value.get("data"), relationship, pointer + "/data"));
        }
    }

    /** A to-one linkage: the related id, or null. */
    private static String linkage(JsonNode linkage, EventField relationship, String pointer) {
        if (linkage.isNull()) {
            return null;
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
        int max = relationship.maxLength(null);
        if (text.isEmpty() || text.codePointCount(0, text.length()) > max) {
            throw ApiException.atPointer(400, "invalid_id", "Bad request", "Related ids are 1 to " + max + " characters long.", pointer + "/id");
        }
        return text;
    }

    static void checkMembers(JsonNode object, Set<String> allowed, String pointer) {
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
