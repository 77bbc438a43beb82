package io.eventstore.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

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
