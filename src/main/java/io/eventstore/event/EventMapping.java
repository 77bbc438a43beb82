package io.eventstore.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Copies between the crnk resource and the table row. */
final class EventMapping {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventMapping() {
    }

    static EventRecord toRecord(EventKey key, Event event, Instant eventAt, Instant createdAt, Instant updatedAt, String payload) {
        return new EventRecord(key, event.getName(), eventAt, createdAt, updatedAt,
                event.getBody(), event.getExternalUrl(), payload,
                event.getRequestCity(), event.getRequestDevice(), event.getRequestHost(), event.getRequestProxied(),
                event.getRequestRegion(),
                event.getAccountId(), event.getCallId(), event.getMailingId(), event.getOpportunityId(),
                event.getProspectId(), event.getTaskId(), event.getUserId());
    }

    /**
     * A new event from a {@code POST /events} document that EventDocumentValidator has accepted
     * (so every member has its type), read as crnk would read it.
     */
    static Event fromDocument(JsonNode document) {
        JsonNode data = document.get("data");
        JsonNode attributes = data.path("attributes");
        Event event = new Event();
        event.setName(text(attributes.get("name")));
        JsonNode eventAt = attributes.get("eventAt");
        event.setEventAt(eventAt == null || eventAt.isNull() ? null : OffsetDateTime.parse(eventAt.asText()).toInstant());
        event.setBody(text(attributes.get("body")));
        event.setExternalUrl(text(attributes.get("externalUrl")));
        JsonNode payload = attributes.get("payload");
        event.setPayload(payload == null || payload.isNull() ? null : (ObjectNode) payload);
        event.setRequestCity(text(attributes.get("requestCity")));
        event.setRequestDevice(text(attributes.get("requestDevice")));
        event.setRequestHost(text(attributes.get("requestHost")));
        JsonNode proxied = attributes.get("requestProxied");
        event.setRequestProxied(proxied == null || proxied.isNull() ? null : proxied.booleanValue());
        event.setRequestRegion(text(attributes.get("requestRegion")));
        JsonNode relationships = data.path("relationships");
        event.setAccountId(relatedId(relationships, Relationship.ACCOUNT));
        event.setCallId(relatedId(relationships, Relationship.CALL));
        event.setMailingId(relatedId(relationships, Relationship.MAILING));
        event.setOpportunityId(relatedId(relationships, Relationship.OPPORTUNITY));
        event.setProspectId(relatedId(relationships, Relationship.PROSPECT));
        event.setTaskId(relatedId(relationships, Relationship.TASK));
        event.setUserId(relatedId(relationships, Relationship.USER));
        return event;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String relatedId(JsonNode relationships, Relationship relationship) {
        JsonNode linkage = relationships.path(relationship.jsonName()).path("data");
        return linkage.isObject() ? linkage.path("id").asText() : null;
    }

    static Event toResource(EventRecord row) {
        Event event = new Event();
        event.setId(Long.toString(row.key().id()));
        event.setName(row.name());
        event.setEventAt(row.eventAt());
        event.setCreatedAt(row.createdAt());
        event.setUpdatedAt(row.updatedAt());
        event.setBody(row.body());
        event.setExternalUrl(row.externalUrl());
        event.setPayload(parsePayload(row.payload()));
        event.setRequestCity(row.requestCity());
        event.setRequestDevice(row.requestDevice());
        event.setRequestHost(row.requestHost());
        event.setRequestProxied(row.requestProxied());
        event.setRequestRegion(row.requestRegion());
        event.setAccountId(row.accountId());
        event.setCallId(row.callId());
        event.setMailingId(row.mailingId());
        event.setOpportunityId(row.opportunityId());
        event.setProspectId(row.prospectId());
        event.setTaskId(row.taskId());
        event.setUserId(row.userId());
        return event;
    }

    static ObjectNode parsePayload(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            return (ObjectNode) JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored payload is not JSON", e);
        }
    }

    static String writePayload(ObjectNode payload) {
        return payload == null ? null : payload.toString();
    }
}
