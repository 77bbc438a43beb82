package io.eventstore.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crnk.core.resource.links.Link;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes event documents straight to bytes with one streaming generator: the same documents crnk
 * writes (checked by EventDocumentParityTest), without crnk's intermediate Resource objects, JSON
 * tree and String. Reads are most of the traffic, and this was half of their CPU.
 */
final class EventDocumentWriter {

    private static final List<String> ATTRIBUTES = List.of("name", "eventAt", "createdAt", "updatedAt", "body",
            "externalUrl", "payload", "requestCity", "requestDevice", "requestHost", "requestProxied", "requestRegion");

    // Names written thousands of times a page, encoded once.
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString EVENT = new SerializedString("event");
    private static final SerializableString LINKS = new SerializedString("links");
    private static final SerializableString SELF = new SerializedString("self");
    private static final SerializableString DATA = new SerializedString("data");
    private static final SerializableString ATTRIBUTES_MEMBER = new SerializedString("attributes");
    private static final SerializableString RELATIONSHIPS = new SerializedString("relationships");
    private static final SerializableString[] ATTRIBUTE_NAMES = ATTRIBUTES.stream()
            .map(SerializedString::new).toArray(SerializableString[]::new);
    private static final SerializableString[] RELATIONSHIP_NAMES = Relationship.ALL.stream()
            .map(relationship -> new SerializedString(relationship.jsonName())).toArray(SerializableString[]::new);
    private static final byte[][] RELATIONSHIP_LINK_ENDS = Relationship.ALL.stream()
            .map(relationship -> ("/relationships/" + relationship.jsonName() + "\"").getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);

    private final ObjectMapper mapper;

    EventDocumentWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code fields}: the sparse fieldset of {@code fields[event]}, or null for every field. */
    byte[] collection(List<EventRecord> events, Set<String> fields, String baseUrl, PageLinks links, PageMeta meta) {
        return write(1536 * events.size() + 1024, out -> { // about what a full event takes: no copies while growing
            out.writeArrayFieldStart("data");
            Base base = Base.of(baseUrl);
            for (EventRecord event : events) {
                resource(out, event, fields, base);
            }
            out.writeEndArray();
            out.writeObjectFieldStart("links");
            link(out, "self", links.getSelf());
            link(out, "first", links.getFirst());
            link(out, "prev", links.getPrev());
            link(out, "next", links.getNext());
            out.writeEndObject();
            if (meta != null) {
                out.writeObjectFieldStart("meta");
                out.writeObjectFieldStart("page");
                for (Map.Entry<String, Object> entry : meta.page().entrySet()) {
                    out.writeObjectField(entry.getKey(), entry.getValue());
                }
                out.writeEndObject();
                out.writeEndObject();
            }
        });
    }

    byte[] single(EventRecord event, Set<String> fields, String baseUrl, String self) {
        return write(2048, out -> {
            out.writeFieldName("data");
            resource(out, event, fields, Base.of(baseUrl));
            out.writeObjectFieldStart("links");
            out.writeStringField("self", self);
            out.writeEndObject();
        });
    }

    /** The resource object alone (a result of a batch). */
    byte[] resource(EventRecord event, Set<String> fields, String baseUrl) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1536);
        try (JsonGenerator out = mapper.getFactory().createGenerator(bytes)) {
            resource(out, event, fields, Base.of(baseUrl));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    private byte[] write(int expectedSize, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedSize);
        try (JsonGenerator out = mapper.getFactory().createGenerator(bytes)) {
            out.writeStartObject();
            body.write(out);
            out.writeObjectFieldStart("jsonapi");
            out.writeStringField("version", "1.1");
            out.writeEndObject();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void link(JsonGenerator out, String name, Link link) throws IOException {
        if (link == null || link.getHref() == null) {
            out.writeNullField(name);
        } else {
            out.writeStringField(name, link.getHref());
        }
    }

    /** The base URL of every link, and whether it can be written without escaping (decided once per document). */
    private record Base(String url, boolean plain) {
        static Base of(String url) {
            return new Base(url, needsNoEscaping(url));
        }
    }

    private void resource(JsonGenerator out, EventRecord event, Set<String> fields, Base base) throws IOException {
        String id = Long.toString(event.key().id());
        SelfLink self = new SelfLink(base, id);
        out.writeStartObject();
        out.writeFieldName(ID);
        out.writeString(id);
        out.writeFieldName(TYPE);
        out.writeString(EVENT);
        out.writeFieldName(LINKS);
        out.writeStartObject();
        self.write(out, null);
        out.writeEndObject();
        boolean attributesOpen = false;
        for (int i = 0; i < ATTRIBUTE_NAMES.length; i++) {
            String attribute = ATTRIBUTES.get(i);
            if (fields == null || fields.contains(attribute)) {
                if (!attributesOpen) {
                    out.writeFieldName(ATTRIBUTES_MEMBER);
                    out.writeStartObject();
                    attributesOpen = true;
                }
                out.writeFieldName(ATTRIBUTE_NAMES[i]);
                attribute(out, event, attribute);
            }
        }
        if (attributesOpen) {
            out.writeEndObject();
        }
        boolean relationshipsOpen = false;
        for (Relationship relationship : Relationship.ALL) {
            if (fields == null || fields.contains(relationship.jsonName())) {
                if (!relationshipsOpen) {
                    out.writeFieldName(RELATIONSHIPS);
                    out.writeStartObject();
                    relationshipsOpen = true;
                }
                relationship(out, event, relationship, self);
            }
        }
        if (relationshipsOpen) {
            out.writeEndObject();
        }
        out.writeEndObject();
    }

    /** The value of one attribute (its name is written by the caller). */
    private static void attribute(JsonGenerator out, EventRecord event, String name) throws IOException {
        switch (name) {
            case "name" -> text(out, event.name());
            case "eventAt" -> time(out, event.eventAt());
            case "createdAt" -> time(out, event.createdAt());
            case "updatedAt" -> time(out, event.updatedAt());
            case "body" -> text(out, event.body());
            case "externalUrl" -> text(out, event.externalUrl());
            case "payload" -> {
                if (event.payload() == null) {
                    out.writeNull();
                } else {
                    // stored as checked JSON: no need to parse it again; as bytes, Jackson copies them
                    // instead of encoding the text char by char
                    out.writeRawValue(new RawJson(event.payload().getBytes(StandardCharsets.UTF_8)));
                }
            }
            case "requestCity" -> text(out, event.requestCity());
            case "requestDevice" -> text(out, event.requestDevice());
            case "requestHost" -> text(out, event.requestHost());
            case "requestProxied" -> {
                if (event.requestProxied() == null) {
                    out.writeNull();
                } else {
                    out.writeBoolean(event.requestProxied());
                }
            }
            case "requestRegion" -> text(out, event.requestRegion());
            default -> throw new IllegalStateException("no attribute " + name);
        }
    }

    private static void relationship(JsonGenerator out, EventRecord event, Relationship relationship, SelfLink self)
            throws IOException {
        SerializableString name = RELATIONSHIP_NAMES[relationship.ordinal()];
        out.writeFieldName(name);
        out.writeStartObject();
        out.writeFieldName(DATA);
        String id = event.relatedId(relationship);
        if (id == null) {
            out.writeNull();
        } else {
            out.writeStartObject();
            out.writeFieldName(ID);
            out.writeString(id);
            out.writeFieldName(TYPE);
            out.writeString(name);
            out.writeEndObject();
        }
        out.writeFieldName(LINKS);
        out.writeStartObject();
        self.write(out, relationship);
        out.writeEndObject();
        out.writeEndObject();
    }

    /**
     * The {@code self} links of one event: its own and one per relationship, eight per event. When
     * the base URL holds nothing JSON must escape (the rest is digits and fixed names), they are
     * copied as raw bytes from one buffer, without a String or escaping per link.
     */
    private static final class SelfLink {
        private final Base base;
        private final String url;
        private final RawJson quoted;
        private final int urlEnd;

        SelfLink(Base base, String id) {
            this.base = base;
            this.url = base.url() + "/events/" + id;
            if (base.plain()) { // plain means ASCII: one byte per char
                byte[] bytes = new byte[url.length() + 32]; // room for the longest "/relationships/<name>" and quotes
                bytes[0] = '"';
                System.arraycopy(url.getBytes(StandardCharsets.US_ASCII), 0, bytes, 1, url.length());
                quoted = new RawJson(bytes);
                urlEnd = url.length() + 1;
            } else {
                quoted = null;
                urlEnd = 0;
            }
        }

        /** The event's own link (relationship null) or one of its relationship links. */
        void write(JsonGenerator out, Relationship relationship) throws IOException {
            out.writeFieldName(SELF);
            if (!base.plain()) {
                out.writeString(relationship == null ? url : url + "/relationships/" + relationship.jsonName());
                return;
            }
            byte[] end = relationship == null ? QUOTE : RELATIONSHIP_LINK_ENDS[relationship.ordinal()];
            System.arraycopy(end, 0, quoted.bytes, urlEnd, end.length);
            quoted.length = urlEnd + end.length;
            out.writeRawValue(quoted);
        }

        private static final byte[] QUOTE = {'"'};
    }

    static boolean needsNoEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static void text(JsonGenerator out, String value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else {
            out.writeString(value);
        }
    }

    /** ISO-8601 in UTC, as crnk's JavaTimeModule writes instants ({@link Instant#toString()}). */
    private static void time(JsonGenerator out, Instant value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else {
            out.writeString(IsoInstant.format(value));
        }
    }
}
