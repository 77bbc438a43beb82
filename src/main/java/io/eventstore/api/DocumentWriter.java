package io.eventstore.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventstore.analytics.EventCounts;
import io.eventstore.catalog.Catalog;
import io.eventstore.catalog.store.CatalogStore;
import io.eventstore.error.ApiException;
import io.eventstore.event.Change;
import io.eventstore.event.Event;
import io.eventstore.event.EventField;
import io.eventstore.event.query.CountQuery;
import io.eventstore.event.query.ListedPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The one writer of every document the service answers: events, pages, relationship linkage,
 * batch results and errors, straight to bytes with one streaming generator (no intermediate
 * objects or trees: reads are most of the traffic). What each event member is and how it is
 * written comes from the field table; GoldenDocumentTest holds every document to its recorded bytes.
 */
final class DocumentWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentWriter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // What the buffer of a document of events starts with per event: a full event, a payload of a
    // few hundred bytes and its eight links, takes 1.6-1.7 KB; a buffer that has to grow copies
    // itself once more (docs/benchmarks.md#allocation-per-request).
    private static final int EVENT_BYTES = 2048;

    // Names written thousands of times a page, encoded once.
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString EVENT = new SerializedString("event");
    private static final SerializableString LINKS = new SerializedString("links");
    private static final SerializableString SELF = new SerializedString("self");
    private static final SerializableString DATA = new SerializedString("data");
    private static final SerializableString ATTRIBUTES = new SerializedString("attributes");
    private static final SerializableString RELATIONSHIPS = new SerializedString("relationships");
    private static final SerializableString[] NAMES = EventField.ALL.stream()
            .map(field -> new SerializedString(field.jsonName())).toArray(SerializableString[]::new);
    /** Attributes, then relationships, in the field table's order (which puts every attribute first). */
    private static final List<EventField> MEMBERS = EventField.ALL.stream().filter(f -> f != EventField.ID).toList();
    private static final byte[][] RELATIONSHIP_LINK_ENDS = EventField.ALL.stream()
            .map(field -> ("/relationships/" + field.jsonName() + "\"").getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);

    private DocumentWriter() {
    }

    /** The top-level links of a page; {@code prev} and {@code next} are null when there is no such page. */
    record PageLinks(String self, String first, String prev, String next) {
        void write(JsonGenerator out) throws IOException {
            out.writeObjectFieldStart("links");
            link(out, "self", self);
            link(out, "first", first);
            link(out, "prev", prev);
            link(out, "next", next);
            out.writeEndObject();
        }
    }

    /** {@code fields}: the sparse fieldset of {@code fields[event]}, or null for every field. */
    static byte[] collection(List<Event> events, Set<EventField> fields, String baseUrl, PageLinks links, ListedPage.Total total,
                             long feedPosition) {
        return document(EVENT_BYTES * events.size() + 1024, out -> {
            out.writeArrayFieldStart("data");
            Base base = Base.of(baseUrl);
            for (Event event : events) {
                resource(out, event, fields, base);
            }
            out.writeEndArray();
            links.write(out);
            out.writeObjectFieldStart("meta");
            // the change feed's position this page was read at: streaming after it misses nothing the page lacks
            out.writeStringField("feedPosition", Long.toString(feedPosition));
            if (total != null) {
                out.writeObjectFieldStart("page");
                if (total.truncated()) { // a count that reached the limit is not a total
                    out.writeNumberField("totalAtLeast", total.count());
                    out.writeBooleanField("totalTruncated", true);
                } else {
                    out.writeNumberField("total", total.count());
                }
                out.writeEndObject();
            }
            out.writeEndObject();
        });
    }

    /**
     * One change of the feed as a stream sends it: the event's resource object, as {@code GET
     * /events/{id}} writes it (for a delete: as it was last), with the change's kind and position in meta.
     */
    static byte[] change(Change change, String baseUrl) {
        return document(2048, out -> {
            out.writeFieldName(DATA);
            resource(out, change.event(), null, Base.of(baseUrl));
            out.writeObjectFieldStart("meta");
            out.writeStringField("kind", change.kind().wireName());
            out.writeStringField("position", Long.toString(change.position()));
            out.writeEndObject();
        });
    }

    /** Why a stream ends, as an error document; {@code meta.resumeAfter} when resuming makes sense. */
    static byte[] streamEnd(String id, String code, String title, String detail, long resumeAfter) {
        return document(512, out -> {
            out.writeArrayFieldStart("errors");
            out.writeStartObject();
            if (id != null) {
                out.writeStringField("id", id);
            }
            out.writeStringField("code", code);
            out.writeStringField("title", title);
            out.writeStringField("detail", detail);
            if (resumeAfter >= 0) {
                out.writeObjectFieldStart("meta");
                out.writeStringField("resumeAfter", Long.toString(resumeAfter));
                out.writeEndObject();
            }
            out.writeEndObject();
            out.writeEndArray();
        });
    }

    static byte[] single(Event event, Set<EventField> fields, String baseUrl, String self) {
        return document(2048, out -> {
            out.writeFieldName(DATA);
            resource(out, event, fields, Base.of(baseUrl));
            out.writeObjectFieldStart("links");
            out.writeStringField("self", self);
            out.writeEndObject();
        });
    }

    /** {@code GET /events/{id}/relationships/{name}}: the linkage and its own link. */
    static byte[] relationship(Event event, EventField relationship, String self) {
        return document(256, out -> {
            out.writeFieldName(DATA);
            linkage(out, event, relationship);
            out.writeObjectFieldStart("links");
            out.writeStringField("self", self);
            out.writeEndObject();
        });
    }

    /** The {@code atomic:results} of a batch: a resource object per result, {@code {}} for none. */
    static byte[] batchResults(List<Event> results, String baseUrl) {
        return written(EVENT_BYTES * results.size() + 256, out -> {
            out.writeStartObject();
            out.writeArrayFieldStart("atomic:results");
            Base base = Base.of(baseUrl);
            for (Event result : results) {
                out.writeStartObject();
                if (result != null) {
                    out.writeFieldName(DATA);
                    resource(out, result, null, base);
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeObjectFieldStart("jsonapi");
            out.writeStringField("version", "1.1");
            out.writeArrayFieldStart("ext");
            out.writeString(MediaTypes.ATOMIC);
            out.writeEndArray();
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    /**
     * {@code GET /event-counts}: one {@code event-count} per group, with the group's keys (name, the
     * period, the related id as a relationship) and its count; {@code meta.total} adds them up.
     * {@code fields}: the sparse fieldset of {@code fields[event-count]}, or null for every field.
     */
    static byte[] counts(CountQuery query, EventCounts.Counted counted, Set<String> fields, String self) {
        return document(128 * counted.buckets().size() + 512, out -> {
            out.writeArrayFieldStart("data");
            String period = query.period() == null ? null : query.period().wireName();
            String related = query.relationship() == null ? null : query.relationship().jsonName();
            for (CountQuery.Bucket bucket : counted.buckets()) {
                out.writeStartObject();
                out.writeStringField("id", countId(query, bucket));
                out.writeStringField("type", "event-count");
                out.writeObjectFieldStart("attributes");
                if (query.byName() && wanted(fields, "name")) {
                    out.writeStringField("name", bucket.name());
                }
                if (period != null && wanted(fields, period)) {
                    out.writeStringField(period, bucket.period());
                }
                if (wanted(fields, "count")) {
                    out.writeNumberField("count", bucket.count());
                }
                out.writeEndObject();
                if (related != null && wanted(fields, related)) {
                    out.writeObjectFieldStart("relationships");
                    out.writeObjectFieldStart(related);
                    out.writeFieldName(DATA);
                    if (bucket.relatedId() == null) {
                        out.writeNull();
                    } else {
                        out.writeStartObject();
                        out.writeStringField("id", bucket.relatedId());
                        out.writeStringField("type", related);
                        out.writeEndObject();
                    }
                    out.writeEndObject();
                    out.writeEndObject();
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeObjectFieldStart("links");
            out.writeStringField("self", self);
            out.writeEndObject();
            out.writeObjectFieldStart("meta");
            out.writeNumberField("total", counted.total());
            out.writeEndObject();
        });
    }

    /** A group's id: its keys, each as key:value with the value percent-encoded (so unique per grouping). */
    private static String countId(CountQuery query, CountQuery.Bucket bucket) {
        StringBuilder id = new StringBuilder();
        if (query.period() != null) {
            id.append(query.period().wireName()).append(':').append(bucket.period());
        }
        if (query.byName()) {
            id.append(id.isEmpty() ? "" : ",").append("name:").append(EventNameIds.encode(bucket.name()));
        }
        if (query.relationship() != null) {
            id.append(id.isEmpty() ? "" : ",").append(query.relationship().jsonName()).append(':')
                    .append(bucket.relatedId() == null ? "" : EventNameIds.encode(bucket.relatedId()));
        }
        return id.toString();
    }

    private static boolean wanted(Set<String> fields, String field) {
        return fields == null || fields.contains(field);
    }

    /**
     * One chunk of an NDJSON export: each event's resource object on a line of its own, as a
     * listing writes it, then one line of meta: where to resume after this chunk
     * ({@code meta.resumeAfter}, a {@code page[after]} cursor) or, after the last chunk,
     * {@code meta.complete}. {@code exported}: the events of the export through this chunk.
     */
    static byte[] exportChunk(List<Event> events, Set<EventField> fields, String baseUrl, String resumeAfter, long exported) {
        return written(EVENT_BYTES * events.size() + 256, out -> {
            out.setRootValueSeparator(NEWLINE);
            Base base = Base.of(baseUrl);
            for (Event event : events) {
                resource(out, event, fields, base);
            }
            out.writeStartObject();
            out.writeObjectFieldStart("meta");
            if (resumeAfter == null) {
                out.writeBooleanField("complete", true);
            } else {
                out.writeStringField("resumeAfter", resumeAfter);
            }
            out.writeNumberField("exported", exported);
            out.writeEndObject();
            out.writeEndObject();
            out.writeRaw('\n');
        });
    }

    private static final SerializableString NEWLINE = new SerializedString("\n");

    /** The attributes of an {@code event-name}, in the order documents write them. */
    static final List<String> EVENT_NAME_FIELDS = List.of("count", "firstEventAt", "lastEventAt", "properties", "propertiesTruncated");

    /** {@code GET /event-names}: a page of the catalog, with the feed position it reflects. */
    static byte[] eventNames(Catalog.Page page, Set<String> fields, String baseUrl, PageLinks links) {
        return document(512 * page.names().size() + 512, out -> {
            out.writeArrayFieldStart("data");
            for (Catalog.EventName name : page.names()) {
                eventName(out, name, fields, baseUrl);
            }
            out.writeEndArray();
            links.write(out);
            out.writeObjectFieldStart("meta");
            // the catalog counts every change of the feed up to here
            out.writeStringField("feedPosition", Long.toString(page.feedPosition()));
            out.writeEndObject();
        });
    }

    /** {@code GET /event-names/{name}}. */
    static byte[] eventName(Catalog.EventName name, Set<String> fields, String baseUrl, String self) {
        return document(1024, out -> {
            out.writeFieldName(DATA);
            eventName(out, name, fields, baseUrl);
            out.writeObjectFieldStart("links");
            out.writeStringField("self", self);
            out.writeEndObject();
        });
    }

    private static void eventName(JsonGenerator out, Catalog.EventName name, Set<String> fields, String baseUrl) throws IOException {
        CatalogStore.NameRow row = name.row();
        out.writeStartObject();
        out.writeStringField("id", row.name());
        out.writeStringField("type", "event-name");
        out.writeObjectFieldStart("attributes");
        if (wanted(fields, "count")) {
            out.writeNumberField("count", row.count());
        }
        if (wanted(fields, "firstEventAt")) {
            out.writeStringField("firstEventAt", IsoInstant.format(row.firstEventAt()));
        }
        if (wanted(fields, "lastEventAt")) {
            out.writeStringField("lastEventAt", IsoInstant.format(row.lastEventAt()));
        }
        if (wanted(fields, "properties")) {
            // each key path with the events that carried it, per JSON type
            out.writeObjectFieldStart("properties");
            String open = null;
            for (CatalogStore.PropertyRow property : name.properties()) {
                if (!property.path().equals(open)) {
                    if (open != null) {
                        out.writeEndObject();
                    }
                    out.writeObjectFieldStart(property.path());
                    open = property.path();
                }
                out.writeNumberField(property.type(), property.count());
            }
            if (open != null) {
                out.writeEndObject();
            }
            out.writeEndObject();
        }
        if (wanted(fields, "propertiesTruncated")) {
            out.writeBooleanField("propertiesTruncated", row.propertiesTruncated());
        }
        out.writeEndObject();
        out.writeObjectFieldStart("links");
        out.writeStringField("self", baseUrl + "/event-names/" + EventNameIds.encode(row.name()));
        out.writeEndObject();
        out.writeEndObject();
    }

    /** A refusal as an error document. */
    static byte[] error(ApiException refusal) {
        return errors(refusal, null);
    }

    /**
     * A fault of ours or of the database ({@link Faults} says which status it is): logged with an
     * opaque id that the client gets too; nothing else about it leaves the service.
     */
    static byte[] fault(ApiException answer, Throwable cause, RequestId requestId) {
        String id = requestId.value();
        if (answer.status() == 500) {
            LOG.error("internal error {}", id, cause);
        } else {
            LOG.warn("{} {}: {}", answer.code(), id, cause == null ? null : cause.toString());
        }
        return errors(answer, id);
    }

    private static byte[] errors(ApiException error, String id) {
        return document(512, out -> {
            out.writeArrayFieldStart("errors");
            out.writeStartObject();
            if (id != null) {
                out.writeStringField("id", id);
            }
            out.writeStringField("status", Integer.toString(error.status()));
            out.writeStringField("code", error.code());
            out.writeStringField("title", error.title());
            out.writeStringField("detail", error.detail());
            ApiException.Source source = error.source();
            if (source.pointer() != null || source.parameter() != null || source.header() != null) {
                out.writeObjectFieldStart("source");
                if (source.pointer() != null) {
                    out.writeStringField("pointer", source.pointer());
                }
                if (source.parameter() != null) {
                    out.writeStringField("parameter", source.parameter());
                }
                if (source.header() != null) {
                    out.writeStringField("header", source.header());
                }
                out.writeEndObject();
            }
            if (!error.meta().isEmpty()) {
                out.writeFieldName("meta");
                out.writeObject(error.meta());
            }
            if (error.type() != null) {
                out.writeObjectFieldStart("links");
                out.writeStringField("type", error.type());
                out.writeEndObject();
            }
            out.writeEndObject();
            out.writeEndArray();
        });
    }

    interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    /** A top-level document: what {@code body} writes, then {@code jsonapi}. */
    static byte[] document(int expectedSize, Body body) {
        return written(expectedSize, out -> {
            out.writeStartObject();
            body.write(out);
            out.writeObjectFieldStart("jsonapi");
            out.writeStringField("version", "1.1");
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    /** The bytes {@code body} writes, into a buffer that starts at {@code expectedSize}. */
    private static byte[] written(int expectedSize, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(expectedSize);
        try (JsonGenerator out = MAPPER.getFactory().createGenerator(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void link(JsonGenerator out, String name, String href) throws IOException {
        if (href == null) {
            out.writeNullField(name);
        } else {
            out.writeStringField(name, href);
        }
    }

    /** The base URL of every link, and whether it can be written without escaping (decided once per document). */
    private record Base(String url, boolean plain) {
        static Base of(String url) {
            return new Base(url, needsNoEscaping(url));
        }
    }

    private static void resource(JsonGenerator out, Event event, Set<EventField> fields, Base base) throws IOException {
        String id = Long.toString(event.id());
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
        SerializableString open = null; // the section being written: attributes, then relationships
        for (EventField member : MEMBERS) {
            if (fields != null && !fields.contains(member)) {
                continue;
            }
            SerializableString section = member.isRelationship() ? RELATIONSHIPS : ATTRIBUTES;
            if (section != open) {
                if (open != null) {
                    out.writeEndObject();
                }
                out.writeFieldName(section);
                out.writeStartObject();
                open = section;
            }
            out.writeFieldName(NAMES[member.ordinal()]);
            if (member.isRelationship()) {
                out.writeStartObject();
                out.writeFieldName(DATA);
                linkage(out, event, member);
                out.writeFieldName(LINKS);
                out.writeStartObject();
                self.write(out, member);
                out.writeEndObject();
                out.writeEndObject();
            } else {
                value(out, member, event.get(member));
            }
        }
        if (open != null) {
            out.writeEndObject();
        }
        out.writeEndObject();
    }

    /** An attribute's value, written as its type says (its name is written by the caller). */
    private static void value(JsonGenerator out, EventField field, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
            return;
        }
        switch (field.type()) {
            case TEXT, URL, RELATED_ID -> out.writeString((String) value);
            case TIME -> out.writeString(IsoInstant.format((Instant) value)); // as Instant.toString() writes it
            // stored as checked JSON: no need to parse it again; as bytes, Jackson copies them instead
            // of encoding the text char by char
            case JSON_OBJECT -> out.writeRawValue(new RawJson(((String) value).getBytes(StandardCharsets.UTF_8)));
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case EVENT_ID -> out.writeString(Long.toString((Long) value));
        }
    }

    /** A to-one linkage: a resource identifier or null. */
    private static void linkage(JsonGenerator out, Event event, EventField relationship) throws IOException {
        String id = event.related(relationship);
        if (id == null) {
            out.writeNull();
        } else {
            out.writeStartObject();
            out.writeFieldName(ID);
            out.writeString(id);
            out.writeFieldName(TYPE);
            out.writeString(NAMES[relationship.ordinal()]);
            out.writeEndObject();
        }
    }

    /**
     * The {@code self} links of one event: its own and one per relationship, eight per event. When
     * the base URL holds nothing JSON must escape (the rest is digits and fixed names), they are
     * copied as raw bytes from one buffer, without a String or escaping per link.
     */
    private static final class SelfLink {
        private static final byte[] QUOTE = {'"'};
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
        void write(JsonGenerator out, EventField relationship) throws IOException {
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
}
