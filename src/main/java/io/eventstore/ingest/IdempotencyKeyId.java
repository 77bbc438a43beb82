package io.eventstore.ingest;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;

/** The key of a stored outcome: the org leads, so one org's key never answers another's request. */
@Embeddable
public record IdempotencyKeyId(@MappedProperty("org_id") long orgId, @MappedProperty("idem_key") String key) {
}
