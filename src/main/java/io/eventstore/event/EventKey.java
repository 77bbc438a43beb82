package io.eventstore.event;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;

/** The primary key of an event: the org it belongs to leads, so no statement can forget it. */
@Embeddable
public record EventKey(@MappedProperty("org_id") long orgId, @MappedProperty("id") long id) {
}
